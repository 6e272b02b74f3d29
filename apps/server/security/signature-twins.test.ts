// S-29: an ES256 token is accepted with either S, and nothing that decides revocation is keyed by
// a token's bytes: whatever ends a token (logout, a rotation, ending a session, an app's revoke)
// ends its twin — the same claims under the other S — too, even once the twin has been cached.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { generateKeyPairSync } from "node:crypto";
import { jot } from "../src/index.ts";
import { isLowS } from "@jot/elysia/server";
import { claimsOf, segments, withTwinSignature } from "@jot/testing";
import { createTestApp, manualClock, outcome, registerAndLogin, type TestApp } from "../test/test-app.ts";
import { tokenFailure } from "./support.ts";

const pem = { privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } } as const;
const pair = generateKeyPairSync("ec", { namedCurve: "prime256v1", ...pem });
const REVOKED = tokenFailure("token_revoked", "Token has been revoked");

/** The token's signature has the high S (jot signs low-S; its twin is high-S). */
const isHighS = (token: string) => !isLowS(Buffer.from(segments(token)[2], "base64url"));

describe("S-29: a token and its ES256 twin are one token to revocation, on the server", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ JWT_ALGORITHM: "ES256", JWT_PRIVATE_KEY: pair.privateKey, JWT_PUBLIC_KEY: pair.publicKey });
  });
  afterEach(() => t.clock.reset());
  afterAll(() => t.close());

  const me = (token: string) => t.request("/auth/me", { token });
  /** Sends a token three times: accepted each time, and by the third in the verified-token cache. */
  async function acceptedAndCached(token: string): Promise<void> {
    for (let round = 0; round < 3; round++) expect((await me(token)).status).toBe(200);
  }

  test("the guard accepts both spellings with the same claims; a logout with either refuses both", async () => {
    for (const logoutWith of ["low", "high"] as const) {
      const { access } = await registerAndLogin(t);
      const twin = withTwinSignature(access);
      expect([isHighS(access), isHighS(twin)]).toEqual([false, true]);
      const answer = await me(twin);
      expect({ status: answer.status, claims: ((await answer.json()) as { claims: unknown }).claims }).toEqual({ status: 200, claims: claimsOf(access) });
      await acceptedAndCached(access);
      await acceptedAndCached(twin);

      expect((await t.request("/auth/logout", { method: "DELETE", token: logoutWith === "low" ? access : twin })).status).toBe(200);
      expect(await outcome(await me(access))).toEqual(REVOKED);
      expect(await outcome(await me(twin))).toEqual(REVOKED);
    }
  });

  test("a refresh token's twin is the same refresh token: once rotated, the other spelling is reuse and ends the session", async () => {
    const { refresh } = await registerAndLogin(t);
    const twin = withTwinSignature(refresh);
    const rotated = await t.request("/auth/refresh", { method: "POST", token: twin });
    expect(rotated.status).toBe(200);
    const next = (await rotated.json()) as { access_token: string; refresh_token: string };
    t.clock.advance(t.config.jwt.refreshReuseGraceSeconds + 1);
    expect(await outcome(await t.request("/auth/refresh", { method: "POST", token: refresh }))).toEqual(REVOKED);
    // Reuse ended the whole session: the tokens the twin's rotation gave are refused too.
    expect(await outcome(await me(next.access_token))).toEqual(REVOKED);
    expect(await outcome(await t.request("/auth/refresh", { method: "POST", token: next.refresh_token }))).toEqual(REVOKED);
  });

  test("a logout naming a refresh token by its twin ends that session for both spellings", async () => {
    const caller = await registerAndLogin(t);
    const other = await t.request("/auth/login", { method: "POST", json: { username: caller.username, password: caller.password } });
    const { refresh_token: otherRefresh } = (await other.json()) as { refresh_token: string };
    const twin = withTwinSignature(otherRefresh);
    const logout = await t.request("/auth/logout", { method: "DELETE", token: caller.access, json: { refresh_token: twin } });
    expect(logout.status).toBe(200);
    for (const token of [otherRefresh, twin]) {
      expect(await outcome(await t.request("/auth/refresh", { method: "POST", token }))).toEqual(REVOKED);
    }
  });

  test("ending a session, or every session, refuses the twins of its tokens, cached or not", async () => {
    const user = await registerAndLogin(t);
    const sid = claimsOf<{ sid: string }>(user.access).sid;
    const second = await t.request("/auth/login", { method: "POST", json: { username: user.username, password: user.password } });
    const { access_token: otherAccess } = (await second.json()) as { access_token: string };
    const twin = withTwinSignature(user.access);
    await acceptedAndCached(twin);
    expect((await t.request(`/auth/sessions/${sid}`, { method: "DELETE", token: otherAccess })).status).toBe(200);
    expect(await outcome(await me(twin))).toEqual(REVOKED);
    expect(await outcome(await t.request("/auth/refresh", { method: "POST", token: withTwinSignature(user.refresh) }))).toEqual(REVOKED);

    const otherTwin = withTwinSignature(otherAccess);
    await acceptedAndCached(otherTwin);
    expect((await t.request("/auth/sessions", { method: "DELETE", token: otherAccess })).status).toBe(200);
    expect(await outcome(await me(otherTwin))).toEqual(REVOKED);
  });
});

describe("S-29: a token and its ES256 twin are one token to revocation, in a jot() app", () => {
  const clock = manualClock();
  afterEach(() => clock.reset());

  test("auth.revoke of either spelling's claims refuses both, and the app's isRevoked hook sees the same claims for both", async () => {
    const seen: string[] = [];
    const auth = jot({
      secret: { algorithm: "ES256", privateKey: pair.privateKey, publicKey: pair.publicKey },
      clock,
      isRevoked: (claims) => (seen.push(claims.jti), false),
    });
    const app = new Elysia().use(auth).get("/notes", ({ identity }) => ({ owner: identity }), { auth: true });
    const ask = async (token: string) => outcome(await app.handle(new Request("http://localhost/notes", { headers: { authorization: `Bearer ${token}` } })));
    const token = await auth.createAccessToken("u-1");
    const twin = withTwinSignature(token);
    for (let round = 0; round < 3; round++) {
      expect(await ask(token)).toEqual({ status: 200, body: { owner: "u-1" }, challenge: null });
      expect(await ask(twin)).toEqual({ status: 200, body: { owner: "u-1" }, challenge: null });
    }
    expect(new Set(seen)).toEqual(new Set([claimsOf<{ jti: string }>(token).jti]));

    await auth.revoke(await auth.authenticate(twin));
    expect(await ask(token)).toEqual(REVOKED);
    expect(await ask(twin)).toEqual(REVOKED);
  });
});
