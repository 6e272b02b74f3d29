import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Server } from "bun";
import { createTestApp, registerAndLogin, type TestApp } from "../../test/test-app.ts";
import { webhookDelivery } from "./webhook-delivery.ts";

const SECRET = "a-webhook-secret-of-at-least-32-chars";

/** A call as the receiver got it, with whether its signature verified as a receiver checks it. */
interface ReceivedCall {
  body: Record<string, unknown>;
  signed: boolean;
}

/** How the receiver answers the next calls: a status each, then 200. */
let answers: number[] = [];
/** Held calls wait for this before answering. */
let hold: Promise<void> | undefined;
const calls: ReceivedCall[] = [];

/** A receiver's check of `Jot-Signature: t=<unix>,v1=<hex>`: HMAC-SHA256 of "t.body", compared in constant time. */
function verifySignature(header: string | null, body: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? "");
  if (!match) return false;
  const expected = createHmac("sha256", SECRET).update(`${match[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2]!, "hex"));
}

let receiver: Server<undefined>;
let t: TestApp;
beforeAll(async () => {
  // A real HTTP receiver on a free loopback port.
  receiver = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      const body = await request.text();
      calls.push({ body: JSON.parse(body) as Record<string, unknown>, signed: verifySignature(request.headers.get("jot-signature"), body) });
      if (hold) await hold;
      return new Response(null, { status: answers.shift() ?? 200 });
    },
  });
  t = await createTestApp({ PASSWORD_RESET_WEBHOOK: `http://127.0.0.1:${receiver.port}/jot`, PASSWORD_RESET_WEBHOOK_SECRET: SECRET });
});
afterAll(async () => {
  await t.close();
  await receiver.stop(true);
});
afterEach(() => {
  calls.length = 0;
  answers = [];
  hold = undefined;
});

const forgot = (username: string) => t.request("/auth/password/forgot", { method: "POST", json: { username } });

describe("reset delivery by signed webhook", () => {
  test("POSTs {kind, username, email, token, expires_at} signed with Jot-Signature; the token resets the password", async () => {
    const user = await registerAndLogin(t);
    expect((await forgot(user.username)).status).toBe(202);
    await t.settled();
    expect(calls).toEqual([
      {
        body: { kind: "password_reset", username: user.username, email: null, token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expires_at: new Date(t.clock() + 15 * 60_000).toISOString() },
        signed: true,
      },
    ]);
    const reset = await t.request("/auth/password/reset", { method: "POST", json: { token: calls[0]!.body.token, new_password: "hooked new password" } });
    expect(reset.status).toBe(200);
    expect((await t.request("/protected", { token: user.access })).status).toBe(401);
  });

  test("never blocks the request: a route that issues a token answers while the receiver has not", async () => {
    const user = await registerAndLogin(t);
    let release!: () => void;
    hold = new Promise((resolve) => (release = resolve));
    // PUT /auth/email issues its token on the request's path: only the delivery is left to run after.
    const email = `${user.username}@example.com`;
    const answer = await t.request("/auth/email", { method: "PUT", token: user.access, json: { email } });
    expect(answer.status).toBe(202);
    expect((await t.request("/auth/password/forgot", { method: "POST", json: { username: user.username } })).status).toBe(202);
    release();
    await t.settled();
    expect(calls.map((call) => [call.body.kind, call.body.email, call.signed])).toEqual([
      ["email_verification", email, true],
      ["password_reset", null, true],
    ]);
  });

  test("a failed delivery is logged without the token", async () => {
    const user = await registerAndLogin(t);
    answers = [400];
    await forgot(user.username);
    await t.settled();
    expect(calls).toHaveLength(1);
    const token = calls[0]!.body.token as string;
    expect(t.logs.filter((line) => line.startsWith("delivery_error"))).toEqual(["delivery_error: WebhookRefused: the webhook refused the call with 400"]);
    expect(t.logs.join("\n")).not.toContain(token);
  });
});

describe("webhook retries", () => {
  const hook = (attempts: number) => webhookDelivery({ url: `http://127.0.0.1:${receiver.port}/jot`, secret: SECRET }, Date.now, { attempts, firstDelayMs: 5 });
  const delivery = { kind: "password_reset", user: { id: "u1", username: "nate", email: "nate@example.com" }, token: "T".repeat(43), expiresAt: new Date(Date.UTC(2026, 0, 1)) };

  test("a receiver failing the first calls (5xx, 429) gets the same signed call again until it takes it", async () => {
    answers = [500, 503, 429];
    await hook(5)(delivery);
    expect(calls).toHaveLength(4);
    expect(new Set(calls.map((call) => JSON.stringify(call.body))).size).toBe(1);
    expect(calls.every((call) => call.signed)).toBe(true);
  });

  test("gives up after its attempts, saying how the last one failed and not the token", async () => {
    answers = [500, 500, 500];
    const failure = await Promise.resolve(hook(3)(delivery)).catch((error: Error) => error);
    expect(calls).toHaveLength(3);
    expect(String(failure)).toBe("Error: the webhook failed 3 times (last: answered 500)");
  });

  test("a refusal (4xx other than 429) is final: not retried", async () => {
    answers = [404];
    const failure = await Promise.resolve(hook(5)(delivery)).catch((error: Error) => error);
    expect(calls).toHaveLength(1);
    expect(String(failure)).toContain("refused the call with 404");
  });
});
