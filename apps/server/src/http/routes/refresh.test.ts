import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import type { TokenPair as Pair } from "@jot/shared";
import { UserAdminStore } from "../../admin/user-admin-store.ts";
import { claimsOf, EXPIRED, REVOKED } from "@jot/testing";
import { createTestApp, outcome, registerAndLogin, type TestApp } from "../../../test/test-app.ts";

let t: TestApp;
beforeAll(async () => void (t = await createTestApp({ JWT_REFRESH_REUSE_GRACE: "10s", JWT_REFRESH_TOKEN_EXPIRES: "1h" })));
afterAll(() => t.close());
// The clock is shared by every test here: each starts where the file began.
afterEach(() => t.clock.reset());

const refresh = (token: string, app: TestApp = t) => app.request("/auth/refresh", { method: "POST", token });
const revoked = REVOKED;

describe("POST /auth/refresh", () => {
  test("answers a non-fresh access token and a new refresh token of the same session", async () => {
    const user = await registerAndLogin(t);
    const response = await refresh(user.refresh);
    expect(response.status).toBe(200);
    const pair = (await response.json()) as Pair & { token_type: string; expires_in: number };
    expect(pair.token_type).toBe("Bearer");
    expect(pair.expires_in).toBe(900);
    expect(claimsOf(pair.access_token)).toMatchObject({ type: "access", fresh: false, sub: user.id, sid: claimsOf(user.refresh).sid });
    expect(claimsOf(pair.refresh_token)).toMatchObject({ type: "refresh", sub: user.id, sid: claimsOf(user.refresh).sid });
    expect(pair.refresh_token).not.toBe(user.refresh);
    expect((await t.request("/protected", { token: pair.access_token })).status).toBe(200);
    expect((await refresh(pair.refresh_token)).status).toBe(200);
  });

  test("the access token a refresh answers carries the user's roles now, not those of the login", async () => {
    const user = await registerAndLogin(t);
    expect(claimsOf(user.access).roles).toEqual(["user"]);
    await new UserAdminStore(t.stores.database.sql, t.clock).setRoles(user.id, ["user", "editor"]);
    const pair = (await (await refresh(user.refresh)).json()) as Pair;
    expect(claimsOf(pair.access_token)).toMatchObject({ roles: ["user", "editor"], username: user.username, fresh: false });
    expect(claimsOf(pair.refresh_token)).toMatchObject({ roles: ["user", "editor"], username: user.username });
  });

  test("within the grace window a rotated-out token gets the session's current refresh token and revokes nothing", async () => {
    const user = await registerAndLogin(t);
    const first = (await (await refresh(user.refresh)).json()) as Pair;
    t.clock.advance(9);
    const again = await refresh(user.refresh);
    expect(again.status).toBe(200);
    const second = (await again.json()) as Pair;
    // The same refresh token of the session (its jti and expiry), signed again now.
    const { jti, exp, sid } = claimsOf(first.refresh_token);
    expect(claimsOf(second.refresh_token)).toMatchObject({ jti, exp, sid, type: "refresh" });
    expect((await t.request("/protected", { token: first.access_token })).status).toBe(200);
    expect((await t.request("/protected", { token: second.access_token })).status).toBe(200);
  });

  test("S-12: reuse after the grace window revokes the whole family, access and refresh tokens alike", async () => {
    const user = await registerAndLogin(t);
    const rotated = (await (await refresh(user.refresh)).json()) as Pair;
    t.clock.advance(10);
    expect(await outcome(await refresh(user.refresh))).toEqual(revoked);
    expect(await outcome(await refresh(rotated.refresh_token))).toEqual(revoked);
    expect(await outcome(await t.request("/protected", { token: rotated.access_token }))).toEqual(revoked);
    expect(await outcome(await t.request("/protected", { token: user.access }))).toEqual(revoked);
    // Other logins of the same user are another family, untouched.
    const login = await t.request("/auth/login", { method: "POST", json: { username: user.username, password: user.password } });
    expect((await refresh(((await login.json()) as Pair).refresh_token)).status).toBe(200);
  });

  test("S-12: parallel refreshes with one token rotate it exactly once; the grace window honours the token once more, never twice", async () => {
    const user = await registerAndLogin(t);
    const answers = await Promise.all(Array.from({ length: 8 }, () => refresh(user.refresh)));
    const statuses = answers.map((answer) => answer.status);
    // One rotation, one grace redemption; the rest present a token already redeemed: reuse.
    expect(statuses.filter((status) => status === 200)).toHaveLength(2);
    expect(statuses.filter((status) => status === 401)).toHaveLength(6);
    const winners = (await Promise.all(answers.filter((answer) => answer.status === 200).map((answer) => answer.json()))) as Pair[];
    expect(new Set(winners.map((pair) => claimsOf(pair.refresh_token).jti)).size).toBe(1);
    expect((await t.stores.sessions.find(String(claimsOf(user.refresh).sid)))?.revokedAt).not.toBeNull();
    expect(await outcome(await refresh(winners[0]!.refresh_token))).toEqual(revoked);
  });

  test("a thief refreshing first and the real client's grace redemption after it: the next presentation ends the session, and each grace redemption is logged", async () => {
    const user = await registerAndLogin(t);
    const stolen = user.refresh;
    const thief = (await (await refresh(stolen)).json()) as Pair;
    t.clock.advance(2);
    const client = await refresh(user.refresh);
    expect(client.status).toBe(200);
    const sid = String(claimsOf(stolen).sid);
    expect(t.logs.filter((line) => line.includes('"event":"refresh_grace"') && line.includes(sid))).toHaveLength(1);
    t.clock.advance(2);
    expect(await outcome(await refresh(stolen))).toEqual(revoked);
    expect(await outcome(await refresh(thief.refresh_token))).toEqual(revoked);
  });

  test("S-12: with no grace window, a parallel duplicate is reuse: one answer wins, then the family is revoked", async () => {
    const strict = await createTestApp({ JWT_REFRESH_REUSE_GRACE: "0" });
    try {
      const user = await registerAndLogin(strict);
      const answers = await Promise.all(Array.from({ length: 4 }, () => refresh(user.refresh, strict)));
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).toEqual([200, 401, 401, 401]);
      const winner = (await answers.find((answer) => answer.status === 200)!.json()) as Pair;
      expect(await outcome(await refresh(winner.refresh_token, strict))).toEqual(revoked);
    } finally {
      await strict.close();
    }
  });

  test("S-11: rotation never extends a session past its absolute expiry", async () => {
    const user = await registerAndLogin(t);
    const loginExp = Number(claimsOf(user.refresh).exp);
    t.clock.advance(50 * 60);
    t.clock.advance(9 * 60 + 50); // 10 s before the session ends: the access token must not outlive it
    const pair = (await (await refresh(user.refresh)).json()) as Pair & { expires_in: number };
    expect(Number(claimsOf(pair.refresh_token).exp)).toBe(loginExp);
    expect(Number(claimsOf(pair.access_token).exp)).toBe(loginExp);
    expect(pair.expires_in).toBe(10);
    t.clock.advance(10);
    expect(await outcome(await refresh(pair.refresh_token))).toEqual(EXPIRED);
  });

  test("a refresh token whose user was deleted on the database is answered 401 user_not_found and ends the session: its tokens are then refused", async () => {
    const user = await registerAndLogin(t);
    await new UserAdminStore(t.stores.database.sql, t.clock).delete(user.id);

    expect(await outcome(await refresh(user.refresh))).toEqual({
      status: 401,
      body: { error: "user_not_found", msg: "User not found" },
      challenge: 'Bearer realm="jot", error="invalid_token", error_description="User not found"',
    });
    expect(await outcome(await refresh(user.refresh))).toEqual(revoked);
    expect(await outcome(await t.request("/protected", { token: user.access }))).toEqual(revoked);
  });

  test("S-9: an access token is refused, and so is a refresh token after logout", async () => {
    const user = await registerAndLogin(t);
    expect((await outcome(await refresh(user.access))).body).toEqual({ error: "wrong_token_type", msg: "Only refresh tokens are allowed" });
    await t.request("/auth/logout", { method: "DELETE", token: user.access });
    expect(await outcome(await refresh(user.refresh))).toEqual(revoked);
  });
});
