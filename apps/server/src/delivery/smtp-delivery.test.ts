import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { AddressInfo } from "node:net";
import type { TokenPair } from "@jot/shared";
import { SMTPServer } from "smtp-server";
import { createTestApp, registerAndLogin, type TestApp } from "../../test/test-app.ts";

/** A mail as the SMTP server received it. */
interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

// A real SMTP server on a free loopback port: nodemailer talks SMTP to it, as to any mail server.
const received: ReceivedMail[] = [];
const waiting: Array<() => void> = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      received.push({
        from: session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address,
        to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        raw: Buffer.concat(chunks).toString("utf8"),
      });
      for (const wake of waiting.splice(0)) wake();
      callback();
    });
  },
});

let t: TestApp;
beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const { port } = smtp.server.address() as AddressInfo;
  t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: "jot <no-reply@jot.test>" });
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(resolve));
});

/** The next mail to `to`, once the SMTP server has it. */
async function mailTo(to: string): Promise<ReceivedMail> {
  for (;;) {
    const mail = received.find((each) => each.to.includes(to));
    if (mail) {
      received.splice(received.indexOf(mail), 1);
      return mail;
    }
    await new Promise<void>((wake) => waiting.push(wake));
  }
}

/** The token in a mail: the one line of 43 base64url characters. */
function tokenIn(mail: ReceivedMail): string {
  const body = mail.raw.replace(/=\r?\n/g, "");
  const tokens = [...body.matchAll(/^([A-Za-z0-9_-]{43})\r?$/gm)].map(([, token]) => token!);
  expect(tokens).toHaveLength(1);
  return tokens[0]!;
}

describe("reset mail through SMTP (nodemailer to a real SMTP server)", () => {
  test("verify the email by mail, reset the password with the mailed token, and every old session is refused", async () => {
    const user = await registerAndLogin(t);
    const other = (await (await t.request("/auth/login", { method: "POST", json: { username: user.username, password: user.password } })).json()) as TokenPair;
    const email = `mailed${crypto.randomUUID().slice(0, 8)}@example.com`;

    expect((await t.request("/auth/email", { method: "PUT", token: user.access, json: { email } })).status).toBe(202);
    const verification = await mailTo(email);
    expect(verification.from).toBe("no-reply@jot.test");
    expect(verification.raw).toContain("Subject: Confirm your email address");
    expect((await t.request("/auth/email/verify", { method: "POST", json: { token: tokenIn(verification) } })).status).toBe(200);

    expect((await t.request("/auth/password/forgot", { method: "POST", json: { username: user.username } })).status).toBe(202);
    const resetMail = await mailTo(email);
    expect(resetMail.raw).toContain("Subject: Reset your password");
    const reset = await t.request("/auth/password/reset", { method: "POST", json: { token: tokenIn(resetMail), new_password: "mailed new password" } });
    expect(reset.status).toBe(200);

    for (const access of [user.access, other.access_token]) expect((await t.request("/protected", { token: access })).status).toBe(401);
    for (const refresh of [user.refresh, other.refresh_token]) expect((await t.request("/auth/refresh", { method: "POST", token: refresh })).status).toBe(401);
    expect((await t.request("/auth/login", { method: "POST", json: { username: user.username, password: "mailed new password" } })).status).toBe(200);
  });

  test("an unverified email receives no reset mail; the answer is the same 202", async () => {
    const user = await registerAndLogin(t);
    const email = `unverified${crypto.randomUUID().slice(0, 8)}@example.com`;
    await t.request("/auth/email", { method: "PUT", token: user.access, json: { email } });
    await mailTo(email); // the verification mail, left unused
    const forgot = await t.request("/auth/password/forgot", { method: "POST", json: { username: user.username } });
    expect(forgot.status).toBe(202);
    await t.settled();
    expect(received.filter((mail) => mail.to.includes(email))).toEqual([]);
    expect(t.logs.some((line) => line.startsWith("delivery_error") && line.includes("no verified email"))).toBe(true);
  });
});
