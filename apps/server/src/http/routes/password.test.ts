import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import type { TokenPair as Pair } from "@jot/shared";
import { REVOKED } from "@jot/testing";
import { UserAdminStore } from "../../admin/user-admin-store.ts";
import { createTestApp, outcome, registerAndLogin, type TestApp } from "../../../test/test-app.ts";

let t: TestApp;
beforeAll(async () => void (t = await createTestApp()));
afterAll(() => t.close());
// The clock is shared by every test here: each starts where the file began.
afterEach(() => t.clock.reset());

const change = (token: string, json: unknown) => t.request("/auth/password", { method: "PUT", token, json });
const login = (username: string, password: string) => t.request("/auth/login", { method: "POST", json: { username, password } });

describe("PUT /auth/password", () => {
  test("needs a fresh access token: one from a refresh is fresh_token_required", async () => {
    const user = await registerAndLogin(t);
    const refreshed = (await (await t.request("/auth/refresh", { method: "POST", token: user.refresh })).json()) as Pair;
    expect(await outcome(await change(refreshed.access_token, { current_password: user.password, new_password: "a brand new password" }))).toEqual({
      status: 401,
      body: { error: "fresh_token_required", msg: "Fresh token required" },
      challenge: `Bearer realm="jot", error="invalid_token", error_description="Fresh token required"`,
    });
    expect((await login(user.username, user.password)).status).toBe(200);
  });

  test("a wrong current password is refused and changes nothing", async () => {
    const user = await registerAndLogin(t);
    expect(await outcome(await change(user.access, { current_password: "not my password", new_password: "a brand new password" }))).toEqual({
      status: 401,
      body: { error: "bad_credentials", msg: "Current password is incorrect" },
      challenge: null,
    });
    expect((await login(user.username, user.password)).status).toBe(200);
  });

  test("a fresh token whose user was deleted on the database is answered 401 user_not_found, as /auth/me and /auth/refresh answer it, and its session ends", async () => {
    const user = await registerAndLogin(t);
    await new UserAdminStore(t.stores.database.sql, t.clock).delete(user.id);

    expect(await outcome(await change(user.access, { current_password: user.password, new_password: "a brand new password" }))).toEqual({
      status: 401,
      body: { error: "user_not_found", msg: "User not found" },
      challenge: 'Bearer realm="jot", error="invalid_token", error_description="User not found"',
    });
    expect(await outcome(await t.request("/auth/refresh", { method: "POST", token: user.refresh }))).toEqual(REVOKED);
  });

  test("S-13: changes the password and ends every other session; this one carries on", async () => {
    const user = await registerAndLogin(t);
    const other = (await (await login(user.username, user.password)).json()) as Pair;
    t.clock.advance(1);
    const current = (await (await login(user.username, user.password)).json()) as Pair;
    const response = await change(current.access_token, { current_password: user.password, new_password: "a brand new password" });
    expect(response.status).toBe(200);
    expect((await response.json()) as object).toEqual({ msg: "Password changed" });

    for (const token of [user.access, other.access_token]) {
      expect((await t.request("/protected", { token })).status).toBe(401);
    }
    expect((await t.request("/auth/refresh", { method: "POST", token: other.refresh_token })).status).toBe(401);
    expect((await t.request("/protected", { token: current.access_token })).status).toBe(200);
    expect((await t.request("/auth/refresh", { method: "POST", token: current.refresh_token })).status).toBe(200);
    expect((await login(user.username, user.password)).status).toBe(401);
    expect((await login(user.username, "a brand new password")).status).toBe(200);
  });

  test("S-28: a login with the old password that lands while the new hash is being stored gets a session that is ended with the others", async () => {
    const user = await registerAndLogin(t);
    const current = (await (await login(user.username, user.password)).json()) as Pair;
    // A slow store: while the new hash is on its way, a second later, someone logs in with the old password.
    const store = t.stores.users;
    const setPasswordHash = store.setPasswordHash;
    let racing: Pair | undefined;
    let racingStatus = 0;
    store.setPasswordHash = async (id, hash) => {
      t.clock.advance(1);
      const response = await login(user.username, user.password);
      racingStatus = response.status;
      racing = (await response.json()) as Pair;
      return setPasswordHash.call(store, id, hash);
    };
    let changed: number;
    try {
      changed = (await change(current.access_token, { current_password: user.password, new_password: "a brand new password" })).status;
    } finally {
      store.setPasswordHash = setPasswordHash;
    }
    t.clock.advance(1);
    expect({
      changed,
      racingLogin: racingStatus,
      racingAccess: await outcome(await t.request("/protected", { token: racing!.access_token })),
      racingRefresh: (await outcome(await t.request("/auth/refresh", { method: "POST", token: racing!.refresh_token }))).body,
      oldPassword: (await login(user.username, user.password)).status,
      newPassword: (await login(user.username, "a brand new password")).status,
      changingSession: (await t.request("/protected", { token: current.access_token })).status,
    }).toEqual({
      changed: 200,
      racingLogin: 200,
      racingAccess: {
        status: 401,
        body: { error: "token_revoked", msg: "Token has been revoked" },
        challenge: `Bearer realm="jot", error="invalid_token", error_description="Token has been revoked"`,
      },
      racingRefresh: { error: "token_revoked", msg: "Token has been revoked" },
      oldPassword: 401,
      newPassword: 200,
      changingSession: 200,
    });
  });

  test("the new password follows the registration rules", async () => {
    const user = await registerAndLogin(t);
    expect(await outcome(await change(user.access, { current_password: user.password, new_password: "short" }))).toEqual({
      status: 400,
      body: { error: "invalid_request", msg: "new_password must be at least 8 characters" },
      challenge: null,
    });
    expect((await outcome(await change(user.access, { new_password: "long enough now" }))).body).toEqual({
      error: "missing_parameter",
      msg: "Missing current_password parameter",
    });
  });
});
