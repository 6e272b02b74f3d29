import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { StoredPasskey } from "@jot/elysia/server";
import { createTestApp, outcome, registerAndLogin, type TestApp } from "../../../../test/test-app.ts";

// What the browser suite (e2e/passkeys-browser.test.ts) cannot reach without an authenticator:
// renaming, refused bodies and challenges, throttling, metrics, and passkeys switched off.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ WEBAUTHN_RP_ID: "localhost", WEBAUTHN_ORIGINS: "http://localhost:4000", METRICS: "on" });
});
afterAll(() => t.close());

const post = async (path: string, json: unknown, token?: string) =>
  (await outcome(await t.request(path, { method: "POST", json, ...(token === undefined ? {} : { token }) }))) as { status: number; body: Record<string, any> };
/** A response of the shape the browser library sends, which no authenticator signed. */
const unsigned = { id: "AAAA", rawId: "AAAA", type: "public-key", response: { clientDataJSON: "e30", authenticatorData: "AAAA", signature: "AAAA" }, clientExtensionResults: {} };

function storedPasskey(userId: string, id = crypto.randomUUID().replaceAll("-", "")): StoredPasskey {
  return { id, userId, name: "Laptop", publicKey: new Uint8Array([1, 2]), counter: 0, transports: ["internal"], deviceType: "multiDevice", backedUp: true, createdAt: t.clock(), lastUsedAt: null, flaggedAt: null };
}

describe("the passkey routes in process", () => {
  test("a user renames their passkey; another user's is not found; a bad name is refused", async () => {
    const alice = await registerAndLogin(t);
    const mallory = await registerAndLogin(t);
    const passkey = storedPasskey(alice.id);
    await t.stores.passkeys.add(passkey);
    const rename = (token: string, json: unknown) => t.request(`/auth/passkeys/${passkey.id}`, { method: "PATCH", token, json }).then(outcome);

    expect(await rename(mallory.access, { name: "Mine" })).toMatchObject({ status: 404, body: { error: "not_found", msg: "No such passkey" } });
    expect(await rename(alice.access, { name: "" })).toMatchObject({ status: 400, body: { error: "invalid_request", msg: "name must be at least 1 characters" } });
    expect(await rename(alice.access, {})).toMatchObject({ status: 400, body: { error: "missing_parameter", msg: "Missing name parameter" } });
    expect(await rename(alice.access, { name: "Phone" })).toMatchObject({ status: 200, body: { msg: "Passkey renamed" } });
    const listed = await outcome(await t.request("/auth/passkeys", { token: alice.access }));
    expect(listed.body).toEqual({
      passkeys: [{ id: passkey.id, name: "Phone", created_at: new Date(passkey.createdAt).toISOString(), last_used_at: null, device_type: "multiDevice", backed_up: true }],
    });
    expect((await outcome(await t.request("/auth/passkeys", { token: mallory.access }))).body).toEqual({ passkeys: [] });
  });

  test("a malformed answer is a 400 naming the field, never a 500", async () => {
    const bob = await registerAndLogin(t);
    expect(await post("/auth/passkeys/register/verify", {}, bob.access)).toMatchObject({ status: 400, body: { error: "missing_parameter", msg: "Missing response parameter" } });
    expect(await post("/auth/passkeys/register/verify", { response: { ...unsigned, type: "password" } }, bob.access)).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    expect(await post("/auth/passkeys/login/verify", { response: unsigned })).toMatchObject({ status: 400, body: { error: "missing_parameter", msg: "Missing challenge_id parameter" } });
    expect(await post("/auth/passkeys/login/options", { username: 42 })).toMatchObject({ status: 400, body: { error: "invalid_request", msg: "username must be a string" } });
  });

  test("an answer to a challenge never issued, or issued to someone else, is refused and audited", async () => {
    const carol = await registerAndLogin(t);
    const dave = await registerAndLogin(t);
    expect(await post("/auth/passkeys/login/verify", { challenge_id: "never-issued", response: unsigned })).toMatchObject({
      status: 401,
      body: { error: "bad_credentials", msg: "The passkey challenge is unknown, used or expired" },
    });
    // Carol's registration challenge, answered with Dave's token, is not Dave's to use; nor Carol's any more.
    const options = await post("/auth/passkeys/register/options", {}, carol.access);
    const answer = { response: unsigned, challenge_id: options.body.challenge_id };
    expect(await post("/auth/passkeys/register/verify", answer, dave.access)).toMatchObject({ status: 400, body: { error: "invalid_request", msg: "The passkey challenge is unknown, used or expired" } });
    expect(await post("/auth/passkeys/register/verify", answer, carol.access)).toMatchObject({ status: 400, body: { msg: "The passkey challenge is unknown, used or expired" } });
    // A live challenge and a response no authenticator signed: the verification refuses it.
    const fresh = await post("/auth/passkeys/register/options", {}, carol.access);
    expect(await post("/auth/passkeys/register/verify", { response: unsigned, challenge_id: fresh.body.challenge_id }, carol.access)).toMatchObject({
      status: 400,
      body: { error: "invalid_request", msg: "The passkey could not be verified" },
    });
    const failures = t.logs.filter((line) => line.includes('"passkey_register_failed"')).map((line) => JSON.parse(line));
    expect(failures.map(({ user_id, reason }) => ({ user_id, reason }))).toEqual([
      { user_id: dave.id, reason: "challenge" },
      { user_id: carol.id, reason: "challenge" },
      { user_id: carol.id, reason: "verification" },
    ]);
  });

  test("a challenge expires: five minutes after the options, the answer is refused", async () => {
    const options = await post("/auth/passkeys/login/options", {});
    t.clock.advance(300);
    expect(await post("/auth/passkeys/login/verify", { challenge_id: options.body.challenge_id, response: unsigned })).toMatchObject({
      status: 401,
      body: { msg: "The passkey challenge is unknown, used or expired" },
    });
  });

  test("options name the configured relying party and pin the policy, whatever the request says", async () => {
    const erin = await registerAndLogin(t);
    await t.stores.passkeys.add(storedPasskey(erin.id, "ERIN"));
    const response = await t.request("/auth/passkeys/register/options", { method: "POST", token: erin.access, json: {}, headers: { host: "evil.example", origin: "https://evil.example" } });
    const options = (await response.json()) as Record<string, any>;
    expect(options).toMatchObject({ rp: { id: "localhost", name: "jot" }, attestation: "none", excludeCredentials: [{ id: "ERIN", type: "public-key", transports: ["internal"] }] });
    expect(options.pubKeyCredParams).toEqual([-7, -8, -257].map((alg) => ({ alg, type: "public-key" })));
    expect(options.challenge_id).toBe(options.challenge);
    expect(Buffer.from(options.challenge, "base64url")).toHaveLength(32);
    const login = (await post("/auth/passkeys/login/options", { username: erin.username })).body;
    expect(login).toMatchObject({ rpId: "localhost", userVerification: "required", allowCredentials: [{ id: "ERIN", type: "public-key" }] });
    // A username that names nobody gets what no username gets.
    expect((await post("/auth/passkeys/login/options", { username: "nobody_at_all" })).body).toMatchObject({ allowCredentials: [] });
  });

  test("the metrics count passkey ceremonies by outcome", async () => {
    const metrics = await (await t.request("/metrics")).text();
    expect(metrics).toContain('jot_passkey_ceremonies_total{ceremony="register",outcome="challenge"} 2');
    expect(metrics).toContain('jot_passkey_ceremonies_total{ceremony="register",outcome="verification"} 1');
    expect(metrics).toContain('jot_passkey_ceremonies_total{ceremony="login",outcome="challenge"} 2');
  });
});

describe("passkey options are throttled like logins", () => {
  test("past LOGIN_MAX_PER_ADDRESS, the options are 429 with Retry-After, and the refusal audited", async () => {
    const throttled = await createTestApp({ LOGIN_MAX_PER_ADDRESS: "2" });
    try {
      const ask = () => throttled.request("/auth/passkeys/login/options", { method: "POST", json: {} });
      expect([(await ask()).status, (await ask()).status]).toEqual([200, 200]);
      const refused = await ask();
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
      expect((await refused.json()) as object).toMatchObject({ error: "rate_limited" });
      expect(throttled.logs.filter((line) => line.includes('"login_throttled"'))).toHaveLength(1);
    } finally {
      await throttled.close();
    }
  });
});

describe("passkeys switched off", () => {
  test("production with no origin to derive them from serves no passkey route", async () => {
    const off = await createTestApp({ NODE_ENV: "production", AUTH_REGISTRATION: "closed" });
    try {
      expect(off.config.webauthn).toBeUndefined();
      const answer = await outcome(await off.request("/auth/passkeys/login/options", { method: "POST", json: {} }));
      expect(answer).toMatchObject({ status: 404, body: { error: "not_found" } });
    } finally {
      await off.close();
    }
  });
});
