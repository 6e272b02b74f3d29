import { describe, expect, test } from "bun:test";
import type { TokenPair as Pair } from "@jot/shared";
import { claimsOf } from "@jot/testing";
import { createTestApp, outcome, registerAndLogin, type TestApp } from "../../test/test-app.ts";
import { JotError } from "@jot/elysia/server";

const login = (t: TestApp, username: string, password: string) => t.request("/auth/login", { method: "POST", json: { username, password } });
const refresh = (t: TestApp, token: string) => t.request("/auth/refresh", { method: "POST", token });

async function withApp(env: Record<string, string>, run: (t: TestApp) => Promise<void>): Promise<void> {
  const t = await createTestApp(env);
  try {
    await run(t);
  } finally {
    await t.close();
  }
}

describe("sessions per user are bounded", () => {
  test("a login beyond JWT_MAX_SESSIONS ends the oldest session, its tokens with it", () =>
    withApp({ JWT_MAX_SESSIONS: "3" }, async (t) => {
      const user = await registerAndLogin(t);
      const later: Pair[] = [];
      for (let index = 0; index < 3; index++) {
        t.clock.advance(1);
        later.push((await (await login(t, user.username, user.password)).json()) as Pair);
      }
      // The first session (from registerAndLogin) is the oldest of four: it ended.
      expect((await t.request("/protected", { token: user.access })).status).toBe(401);
      expect((await refresh(t, user.refresh)).status).toBe(401);
      for (const pair of later) expect((await t.request("/protected", { token: pair.access_token })).status).toBe(200);
      const listed = (await (await t.request("/auth/sessions", { token: later[2]!.access_token })).json()) as { sessions: unknown[] };
      expect(listed.sessions).toHaveLength(3);
      expect(t.logs.filter((line) => line.includes('"event":"session_limit_reached"') && line.includes(String(claimsOf(user.access).sid)))).toHaveLength(1);
    }));

  test("successful logins are throttled per account too: the right password does not buy unlimited sessions", () =>
    withApp({ LOGIN_MAX_PER_ACCOUNT: "3" }, async (t) => {
      const user = await registerAndLogin(t);
      for (let index = 0; index < 2; index++) expect((await login(t, user.username, user.password)).status).toBe(200);
      const refused = await login(t, user.username, user.password);
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).not.toBeNull();
      expect(((await refused.json()) as { error: string }).error).toBe("rate_limited");
    }));

  test("and per client address", () =>
    withApp({ LOGIN_MAX_PER_ADDRESS: "2" }, async (t) => {
      const first = await registerAndLogin(t);
      const second = await registerAndLogin(t);
      expect((await login(t, second.username, second.password)).status).toBe(429);
      expect((await login(t, first.username, first.password)).status).toBe(429);
    }));
});

describe("idle sessions", () => {
  test("a session unused for JWT_SESSION_IDLE_TIMEOUT cannot refresh, and ends", () =>
    withApp({ JWT_SESSION_IDLE_TIMEOUT: "1h" }, async (t) => {
      const user = await registerAndLogin(t);
      t.clock.advance(59 * 60);
      const used = (await (await refresh(t, user.refresh)).json()) as Pair;
      t.clock.advance(60 * 60);
      expect(await outcome(await refresh(t, used.refresh_token))).toEqual({
        status: 401,
        body: { error: "token_expired", msg: "Session has been idle too long" },
        challenge: `Bearer realm="jot", error="invalid_token", error_description="Session has been idle too long"`,
      });
      expect((await t.stores.sessions.find(String(claimsOf(user.refresh).sid)))?.revokedAt).not.toBeNull();
    }));

  test("is off by default", () =>
    withApp({}, async (t) => {
      const user = await registerAndLogin(t);
      t.clock.advance(20 * 86400);
      expect((await refresh(t, user.refresh)).status).toBe(200);
    }));
});

describe("a password change ends the other sessions before it stores the new password", () => {
  test("when storing the new password fails, the other sessions have ended and the old password still works", () =>
    withApp({}, async (t) => {
      const user = await registerAndLogin(t);
      const other = (await (await login(t, user.username, user.password)).json()) as Pair;
      const store = t.stores.users;
      const original = store.setPasswordHash.bind(store);
      store.setPasswordHash = () => Promise.reject(new JotError("store_unavailable", "The database could not be reached"));
      try {
        const answer = await t.request("/auth/password", { method: "PUT", token: user.access, json: { current_password: user.password, new_password: "a brand new password" } });
        expect(answer.status).toBe(503);
      } finally {
        store.setPasswordHash = original;
      }
      expect((await t.request("/protected", { token: other.access_token })).status).toBe(401);
      expect((await refresh(t, other.refresh_token)).status).toBe(401);
      expect((await t.request("/protected", { token: user.access })).status).toBe(200);
      expect((await login(t, user.username, user.password)).status).toBe(200);
    }));
});
