import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { AddressInfo } from "node:net";
import type { TokenPair } from "@jot/shared";
import { SMTPServer } from "smtp-server";
import { addSoftwarePasskey } from "../../test/software-passkey.ts";
import { createTestApp, registerAndLogin, type TestApp } from "../../test/test-app.ts";
import { loadConfig } from "../config/load-config.ts";
import { noticesFor } from "./delivery-for.ts";

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
  t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: "jot <no-reply@jot.test>", WEBAUTHN_RP_ID: "localhost", WEBAUTHN_ORIGINS: "http://localhost:4000" });
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

/** Registers a user whose email is verified through the mailed token; answers the user and the email. */
async function userWithVerifiedEmail() {
  const user = await registerAndLogin(t);
  const email = `owner${crypto.randomUUID().slice(0, 8)}@example.com`;
  expect((await t.request("/auth/email", { method: "PUT", token: user.access, json: { email } })).status).toBe(202);
  expect((await t.request("/auth/email/verify", { method: "POST", json: { token: tokenIn(await mailTo(email)) } })).status).toBe(200);
  return { user, email };
}

/** The mail's text, soft line breaks undone. */
const textOf = (mail: ReceivedMail) => mail.raw.replace(/=\r?\n/g, "");

describe("passkey notices by mail", () => {
  test("a passkey added, removed by its owner, or removed by a reset that asked, is told to the verified email, with no token in the mail", async () => {
    const { user, email } = await userWithVerifiedEmail();
    const laptop = await addSoftwarePasskey(t, user.access, "Laptop");
    const added = await mailTo(email);
    expect(added.raw).toContain("Subject: A passkey was added to your account");
    expect(textOf(added)).toContain('the passkey "Laptop" was added to your account');

    expect((await t.request(`/auth/passkeys/${laptop.id}`, { method: "DELETE", token: user.access })).status).toBe(200);
    const removed = await mailTo(email);
    expect(removed.raw).toContain("Subject: A passkey was removed from your account");
    expect(textOf(removed)).toContain('the passkey "Laptop" was removed from your account at');

    await addSoftwarePasskey(t, user.access, "Phone");
    await mailTo(email);
    expect((await t.request("/auth/password/forgot", { method: "POST", json: { username: user.username } })).status).toBe(202);
    const token = tokenIn(await mailTo(email));
    expect((await t.request("/auth/password/reset", { method: "POST", json: { token, new_password: "mailed new password", remove_passkeys: true } })).status).toBe(200);
    const resetRemoval = await mailTo(email);
    expect(textOf(resetRemoval)).toContain('the passkey "Phone" was removed from your account with your password reset');

    for (const mail of [added, removed, resetRemoval]) expect([...textOf(mail).matchAll(/^[A-Za-z0-9_-]{43}\r?$/gm)]).toEqual([]);
  });

  test("a passkey an operator removes through the admin API is told to its owner too", async () => {
    const { user, email } = await userWithVerifiedEmail();
    const tablet = await addSoftwarePasskey(t, user.access, "Tablet");
    await mailTo(email);
    const removal = await t.localAdmin("local:operator").handle(new Request(`http://localhost/admin/users/${user.username}/passkeys/${tablet.id}`, { method: "DELETE" }));
    expect(removal.status).toBe(200);
    expect(textOf(await mailTo(email))).toContain('the passkey "Tablet" was removed from your account by an operator');
  });

  test("a user whose email is not verified gets no notice", async () => {
    const user = await registerAndLogin(t);
    const email = `unverified-owner${crypto.randomUUID().slice(0, 8)}@example.com`;
    await t.request("/auth/email", { method: "PUT", token: user.access, json: { email } });
    await mailTo(email); // the verification mail, left unused
    await addSoftwarePasskey(t, user.access);
    await t.settled();
    expect(received.filter((mail) => mail.to.includes(email))).toEqual([]);
  });

  test("notices go by mail only: none without SMTP_URL, the webhook included", () => {
    expect(noticesFor(loadConfig({}))).toBeUndefined();
    expect(noticesFor(loadConfig({ PASSWORD_RESET_WEBHOOK: "https://hooks.example/jot" }))).toBeUndefined();
    expect(noticesFor(loadConfig({ SMTP_URL: "smtp://mail.example:587", MAIL_FROM: "jot@example.com" }))).toBeFunction();
  });
});
