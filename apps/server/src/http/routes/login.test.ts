import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, outcome, type TestApp } from "../../../test/test-app.ts";

let t: TestApp;
const password = "correct horse battery";
beforeAll(async () => {
  t = await createTestApp();
  await t.request("/auth/register", { method: "POST", json: { username: "login_alice", password } });
});
afterAll(() => t.close());

const decode = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
const badCredentials = { status: 401, body: { error: "bad_credentials", msg: "Bad username or password" }, challenge: null };

describe("POST /auth/login", () => {
  test("answers the token pair; the access token is fresh and both name the user and one session", async () => {
    const response = await t.request("/auth/login", { method: "POST", json: { username: "login_alice", password } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, string | number>;
    expect(body.token_type).toBe("Bearer");
    expect(body.expires_in).toBe(900);
    const access = decode(String(body.access_token));
    const refresh = decode(String(body.refresh_token));
    expect(access).toMatchObject({ type: "access", fresh: true, username: "login_alice", roles: ["user"] });
    expect(refresh).toMatchObject({ type: "refresh", sub: access.sub, sid: access.sid });
    expect(access.jti).not.toBe(refresh.jti);
    expect(Number(access.exp) - Number(access.iat)).toBe(900);
    expect(Number(refresh.exp) - Number(refresh.iat)).toBe(30 * 86400);
    const header = JSON.parse(Buffer.from(String(body.access_token).split(".")[0]!, "base64url").toString());
    // The key is named even for a shared secret (a keyed hash, never the secret), so rotation can find it.
    expect(header).toEqual({ alg: "HS256", kid: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/), typ: "JWT" });
  });

  test("accepts urlencoded and multipart bodies too", async () => {
    const urlencoded = await t.request("/auth/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: "login_alice", password }).toString(),
    });
    expect(urlencoded.status).toBe(200);
    const form = new FormData();
    form.set("username", "login_alice");
    form.set("password", password);
    const multipart = await t.request("/auth/login", { method: "POST", body: form });
    expect(multipart.status).toBe(200);
    expect(Object.keys((await multipart.json()) as object)).toContain("access_token");
  });

  test("S-16: an unknown user and a wrong password get the same answer", async () => {
    const wrong = await t.request("/auth/login", { method: "POST", json: { username: "login_alice", password: "wrong password" } });
    const unknown = await t.request("/auth/login", { method: "POST", json: { username: "login_nobody", password } });
    expect(await outcome(wrong)).toEqual(badCredentials);
    expect(await outcome(unknown)).toEqual(badCredentials);
  });

  test("S-16: an unknown user costs a password verification like a known one", async () => {
    // Counted, not timed: the dummy verification is the work that makes the two alike.
    const original = Bun.password.verify;
    let verifications = 0;
    Bun.password.verify = (...args: Parameters<typeof original>) => {
      verifications++;
      return original(...args);
    };
    try {
      await t.request("/auth/login", { method: "POST", json: { username: "login_nobody", password } });
      await t.request("/auth/login", { method: "POST", json: { username: "login_alice", password: "wrong password" } });
    } finally {
      Bun.password.verify = original;
    }
    expect(verifications).toBe(2);
  });

  test("missing fields are 400 missing_parameter; other shapes are 400 invalid_request", async () => {
    expect(await outcome(await t.request("/auth/login", { method: "POST", json: { password } }))).toEqual({
      status: 400,
      body: { error: "missing_parameter", msg: "Missing username parameter" },
      challenge: null,
    });
    expect(await outcome(await t.request("/auth/login", { method: "POST", json: { username: "login_alice" } }))).toEqual({
      status: 400,
      body: { error: "missing_parameter", msg: "Missing password parameter" },
      challenge: null,
    });
    expect(await outcome(await t.request("/auth/login", { method: "POST" }))).toEqual({
      status: 400,
      body: { error: "missing_parameter", msg: "Missing username parameter" },
      challenge: null,
    });
    for (const json of [{ username: ["login_alice"], password }, { username: "login_alice", password: { $ne: "" } }, null, "login_alice"]) {
      const response = await t.request("/auth/login", { method: "POST", json });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBe("invalid_request");
    }
  });
});
