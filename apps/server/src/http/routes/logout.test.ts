import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, outcome, registerAndLogin, type TestApp } from "../../../test/test-app.ts";
import { REVOKED } from "@jot/testing";

let t: TestApp;
beforeAll(async () => void (t = await createTestApp()));
afterAll(() => t.close());

const revoked = REVOKED;
/** A body sent as a stream, so it declares no length. */
const streamOf = (text: string) =>
  new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });
const logout = (token: string, json?: unknown) => t.request("/auth/logout", { method: "DELETE", token, ...(json === undefined ? {} : { json }) });

describe("DELETE /auth/logout", () => {
  test("revokes the access token: the next call with it is token_revoked", async () => {
    const user = await registerAndLogin(t);
    const response = await logout(user.access);
    expect(response.status).toBe(200);
    expect((await response.json()) as object).toEqual({ msg: "Access token revoked" });
    expect(await outcome(await t.request("/protected", { token: user.access }))).toEqual(revoked);
    expect(await outcome(await logout(user.access))).toEqual(revoked);
  });

  test("S-13: ends the whole login session, so its refresh token is revoked too", async () => {
    const user = await registerAndLogin(t);
    await logout(user.access);
    const claims = JSON.parse(Buffer.from(user.refresh.split(".")[1]!, "base64url").toString());
    expect(await t.stores.revocations.isRevoked(claims)).toBe(true);
  });

  test("leaves the user's other sessions alone", async () => {
    const user = await registerAndLogin(t);
    const other = await t.request("/auth/login", { method: "POST", json: { username: user.username, password: user.password } });
    const { access_token } = (await other.json()) as { access_token: string };
    await logout(user.access);
    expect((await t.request("/protected", { token: access_token })).status).toBe(200);
  });

  test("a refresh_token in the body ends that session too, if it is the caller's", async () => {
    const user = await registerAndLogin(t);
    const second = (await (await t.request("/auth/login", { method: "POST", json: { username: user.username, password: user.password } })).json()) as {
      access_token: string;
      refresh_token: string;
    };
    expect((await logout(user.access, { refresh_token: second.refresh_token })).status).toBe(200);
    expect(await outcome(await t.request("/protected", { token: second.access_token }))).toEqual(revoked);

  });

  test("a refresh_token that is not the caller's is reported, and the caller is logged out anyway", async () => {
    const stranger = await registerAndLogin(t);
    const mallory = await registerAndLogin(t);
    expect(await outcome(await logout(mallory.access, { refresh_token: stranger.refresh }))).toEqual({
      status: 400,
      body: { error: "invalid_request", msg: "refresh_token belongs to another user" },
      challenge: null,
    });
    expect(await outcome(await t.request("/protected", { token: mallory.access }))).toEqual(revoked);
    expect((await t.request("/auth/refresh", { method: "POST", token: mallory.refresh })).status).toBe(401);
    expect((await t.request("/protected", { token: stranger.access })).status).toBe(200);

    const login = await t.request("/auth/login", { method: "POST", json: { username: mallory.username, password: mallory.password } });
    const again = { access: ((await login.json()) as { access_token: string }).access_token };
    const [header, payload] = stranger.refresh.split(".");
    const forged = `${header}.${payload}.${"A".repeat(43)}`;
    expect(await outcome(await logout(again.access, { refresh_token: forged }))).toEqual({
      status: 400,
      body: { error: "invalid_request", msg: "refresh_token is not valid: Signature verification failed" },
      challenge: null,
    });
    expect(await outcome(await t.request("/protected", { token: again.access }))).toEqual(revoked);
    expect((await t.request("/protected", { token: stranger.access })).status).toBe(200);
  });

  test("S-28: a body that cannot be used is refused, but only after the caller's session has ended", async () => {
    const oversize = t.config.maxBodyBytes + 1;
    const bodies: Array<[string, RequestInit, number, { error: string; msg: string }]> = [
      ["a refresh_token that is not a string", { headers: { "content-type": "application/json" }, body: '{"refresh_token":123}' }, 400, { error: "invalid_request", msg: "refresh_token must be a string" }],
      ["an array", { headers: { "content-type": "application/json" }, body: "[1,2]" }, 400, { error: "invalid_request", msg: "Request body must be a JSON object" }],
      ["a string", { headers: { "content-type": "application/json" }, body: '"x"' }, 400, { error: "invalid_request", msg: "Request body must be a JSON object" }],
      ["null", { headers: { "content-type": "application/json" }, body: "null" }, 400, { error: "invalid_request", msg: "Request body must be a JSON object" }],
      ["malformed JSON", { headers: { "content-type": "application/json" }, body: "{bad" }, 400, { error: "invalid_request", msg: "Request body is not valid JSON" }],
      ["text/plain", { headers: { "content-type": "text/plain" }, body: "refresh_token" }, 400, { error: "invalid_request", msg: "Unsupported content type: send application/json" }],
      ["an over-size body", { headers: { "content-type": "application/json" }, body: JSON.stringify({ refresh_token: "x".repeat(oversize) }) }, 413, { error: "payload_too_large", msg: `Request body is larger than ${t.config.maxBodyBytes} bytes` }],
      ["an over-size body that declares no length", { headers: { "content-type": "application/json" }, body: streamOf("x".repeat(oversize)) }, 413, { error: "payload_too_large", msg: `Request body is larger than ${t.config.maxBodyBytes} bytes` }],
    ];
    for (const [what, init, status, body] of bodies) {
      const user = await registerAndLogin(t);
      const refused = await t.request("/auth/logout", { method: "DELETE", token: user.access, ...init });
      expect({ what, status: refused.status, body: await refused.json() }).toEqual({ what, status, body });
      expect({ what, ...(await outcome(await t.request("/protected", { token: user.access }))) }).toEqual({ what, ...revoked });
      const refresh = await t.request("/auth/refresh", { method: "POST", token: user.refresh });
      expect({ what, status: refresh.status, error: ((await refresh.json()) as { error: string }).error }).toEqual({ what, status: 401, error: "token_revoked" });
      expect(t.logs.some((line) => line.includes('"event":"logout"') && line.includes(user.id))).toBe(true);
    }
  });

  test("with no good access token, a bad body ends nothing: the token is refused first", async () => {
    const user = await registerAndLogin(t);
    const response = await t.request("/auth/logout", { method: "DELETE", token: user.refresh, headers: { "content-type": "application/json" }, body: "{bad" });
    expect((await outcome(response)).body).toEqual({ error: "wrong_token_type", msg: "Only non-refresh tokens are allowed" });
    expect((await t.request("/protected", { token: user.access })).status).toBe(200);
  });

  test("needs an access token", async () => {
    const user = await registerAndLogin(t);
    expect((await logout(user.refresh)).status).toBe(401);
    expect((await t.request("/auth/logout", { method: "DELETE" })).status).toBe(401);
  });

  test("revocation survives a restart of a server on the same database file", async () => {
    const dir = `${import.meta.dir}/../../../.test-results/logout-${crypto.randomUUID()}`;
    const env = { DATABASE_URL: `sqlite://${dir}/jot.sqlite` };
    const first = await createTestApp(env);
    const user = await registerAndLogin(first);
    await first.request("/auth/logout", { method: "DELETE", token: user.access });
    await first.close();
    const second = await createTestApp(env);
    try {
      expect(await outcome(await second.request("/protected", { token: user.access }))).toEqual(revoked);
    } finally {
      await second.close();
      await Bun.$`rm -rf ${dir}`;
    }
  });
});
