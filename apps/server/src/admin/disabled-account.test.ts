import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createAdminTestApp } from "../../test/admin-app.ts";
import { outcome, registerAndLogin, type TestApp } from "../../test/test-app.ts";
import type { AdminService } from "./admin-service.ts";
import { UserAdminStore } from "./user-admin-store.ts";

let t: TestApp;
let admin: AdminService;
beforeAll(async () => void ({ t, admin } = await createAdminTestApp()));
afterAll(() => t.close());

const revoked = { status: 401, body: { error: "token_revoked", msg: "Token has been revoked" } };
const disabled = { status: 403, body: { error: "account_disabled", msg: "Account is disabled" } };

async function login(user: { username: string; password: string }, password = user.password) {
  const response = await t.request("/auth/login", { method: "POST", json: { username: user.username, password } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("disabled accounts", () => {
  test("a disabled user cannot log in, and their access and refresh tokens are refused from the next request", async () => {
    const user = await registerAndLogin(t);
    expect((await t.request("/protected", { token: user.access })).status).toBe(200);

    await admin.disable(user.username);

    expect(await login(user)).toEqual(disabled);
    const { challenge: _a, ...access } = await outcome(await t.request("/protected", { token: user.access }));
    expect(access).toEqual(revoked);
    const { challenge: _r, ...refresh } = await outcome(await t.request("/auth/refresh", { method: "POST", token: user.refresh }));
    expect(refresh).toEqual(revoked);
    expect(t.logs.some((line) => line.includes('"login_failed"') && line.includes('"account_disabled"'))).toBe(true);
  });

  test("a wrong password for a disabled account is bad_credentials: being disabled is told only to its owner", async () => {
    const user = await registerAndLogin(t);
    await admin.disable(user.username);
    expect(await login(user, "not the password")).toEqual({ status: 401, body: { error: "bad_credentials", msg: "Bad username or password" } });
  });

  test("enabling lets the user log in again, while the tokens revoked by disabling stay revoked", async () => {
    const user = await registerAndLogin(t);
    await admin.disable(user.username);
    t.clock.advance(1);
    const enabled = await admin.enable(user.username);
    expect(enabled.disabled_at).toBeNull();

    const again = await login(user);
    expect(again.status).toBe(200);
    expect((await t.request("/protected", { token: String(again.body.access_token) })).status).toBe(200);
    expect((await t.request("/protected", { token: user.access })).status).toBe(401);
    expect((await t.request("/auth/refresh", { method: "POST", token: user.refresh })).status).toBe(401);
  });

  test("a refresh token the revocation missed is still refused account_disabled once the account is disabled", async () => {
    const user = await registerAndLogin(t);
    // Only the flag, as when a disable races a refresh: the refresh route checks it itself.
    await new UserAdminStore(t.stores.database.sql, t.clock).setDisabledAt(user.id, t.clock());
    const { challenge: _c, ...refresh } = await outcome(await t.request("/auth/refresh", { method: "POST", token: user.refresh }));
    expect(refresh).toEqual(disabled);
  });

  test("disabled_at survives in the database: the user store reads it back", async () => {
    const user = await registerAndLogin(t);
    await admin.disable(user.username);
    expect((await t.stores.users.findById(user.id))?.disabledAt).toBe(t.clock());
    expect((await admin.showUser(user.id)).disabled_at).toBe(new Date(t.clock()).toISOString());
  });
});
