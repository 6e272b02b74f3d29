import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { AdminService } from "../../admin/admin-service.ts";
import { createTestApp, outcome, registerAndLogin, type TestApp } from "../../../test/test-app.ts";
import { createPasswordHasher } from "../../users/password-hasher.ts";

let t: TestApp;
let adminToken: string;
let adminId: string;
beforeAll(async () => {
  t = await createTestApp();
  const admin = await registerAndLogin(t);
  adminId = admin.id;
  await new AdminService({ stores: t.stores, passwords: createPasswordHasher(), clock: t.clock, config: t.config }).grantRole(admin.username, "admin");
  // Roles reach tokens at the next login.
  const login = await t.request("/auth/login", { method: "POST", json: { username: admin.username, password: admin.password } });
  adminToken = ((await login.json()) as { access_token: string }).access_token;
});
afterAll(() => t.close());

describe("the admin API", () => {
  test("needs a token with the admin role: none is 401, another user's is 403 insufficient_scope, and nothing changes", async () => {
    const user = await registerAndLogin(t);
    const anonymous = await outcome(await t.request(`/admin/users/${user.username}/disable`, { method: "POST" }));
    expect(anonymous).toMatchObject({ status: 401, body: { error: "missing_token" } });
    const plain = await outcome(await t.request(`/admin/users/${user.username}/disable`, { method: "POST", token: user.access }));
    expect(plain).toMatchObject({ status: 403, body: { error: "insufficient_scope", msg: "Missing role: admin" } });
    expect((await t.request("/protected", { token: user.access })).status).toBe(200);
  });

  test("an admin disables a user: at once, the user's token is refused by this server", async () => {
    const user = await registerAndLogin(t);
    const response = await t.request(`/admin/users/${user.username}/disable`, { method: "POST", token: adminToken });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { user: { username: string; disabled_at: string } }).user).toMatchObject({ username: user.username, disabled_at: expect.any(String) });
    expect((await outcome(await t.request("/protected", { token: user.access }))).body).toEqual({ error: "token_revoked", msg: "Token has been revoked" });
    const event = t.logs.filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.event === "admin_action" && line.user_id === user.id);
    expect(event).toMatchObject({ level: "info", action: "users disable", actor_id: adminId });
  });

  test("bad input is a 400 naming the field, an unknown user a 404", async () => {
    const created = await t.request("/admin/users", { method: "POST", token: adminToken, json: { username: "x", password: 5 } });
    expect(created.status).toBe(400);
    expect(((await created.json()) as { error: string }).error).toBe("invalid_request");
    const missing = await outcome(await t.request("/admin/users/nobody-at-all", { token: adminToken }));
    expect(missing).toMatchObject({ status: 404, body: { error: "not_found", msg: 'No user named "nobody-at-all"' } });
  });
});
