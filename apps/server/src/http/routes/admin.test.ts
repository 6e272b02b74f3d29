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

  test("an admin sets a user's email and issues a reset token, delivered as the routes deliver theirs, answered only with reveal", async () => {
    const user = await registerAndLogin(t);
    const email = `${user.username}@example.com`;
    const set = await t.request(`/admin/users/${user.username}/email`, { method: "PUT", token: adminToken, json: { email } });
    expect(await outcome(set)).toMatchObject({ status: 200, body: { user: { id: user.id }, email, verification_sent: true } });
    await t.settled();
    expect(t.deliveries.at(-1)).toMatchObject({ kind: "email_verification", user: { id: user.id, email } });

    const hidden = await t.request(`/admin/users/${user.username}/reset-link`, { method: "POST", token: adminToken });
    const hiddenBody = (await hidden.json()) as Record<string, unknown>;
    expect(hiddenBody).toEqual({ user: expect.objectContaining({ id: user.id }), expires_at: expect.any(String), delivered: true });
    await t.settled();
    expect(t.deliveries.at(-1)).toMatchObject({ kind: "password_reset", user: { id: user.id, email: null } });

    const revealed = (await (await t.request(`/admin/users/${user.username}/reset-link`, { method: "POST", token: adminToken, json: { reveal: true } })).json()) as { token: string };
    await t.settled();
    expect(revealed.token).toBe(t.deliveries.at(-1)!.token);
    expect((await t.request("/auth/password/reset", { method: "POST", json: { token: revealed.token, new_password: "set by an admin link" } })).status).toBe(200);
    const actions = t.logs.filter((line) => line.includes('"admin_action"') && line.includes(user.id)).map((line) => (JSON.parse(line) as { action: string }).action);
    expect(actions).toEqual(["users email", "users reset-link", "users reset-link"]);
  });

  test("bad input is a 400 naming the field, an unknown user a 404", async () => {
    const created = await t.request("/admin/users", { method: "POST", token: adminToken, json: { username: "x", password: 5 } });
    expect(created.status).toBe(400);
    expect(((await created.json()) as { error: string }).error).toBe("invalid_request");
    const missing = await outcome(await t.request("/admin/users/nobody-at-all", { token: adminToken }));
    expect(missing).toMatchObject({ status: 404, body: { error: "not_found", msg: 'No user named "nobody-at-all"' } });
  });
});

/** Logs in and answers the status and the access token (when there is one). */
async function login(username: string, password: string): Promise<{ status: number; access?: string }> {
  const response = await t.request("/auth/login", { method: "POST", json: { username, password } });
  const body = (await response.json()) as { access_token?: string };
  return { status: response.status, ...(body.access_token === undefined ? {} : { access: body.access_token }) };
}

/**
 * A user who registered, and a decoy account whose username is that user's id: registration
 * refuses such a name now, so the decoy is put in the store directly, as an old database could hold it.
 */
async function victimAndDecoy() {
  const victim = await registerAndLogin(t);
  const decoy = { username: victim.id, password: "the decoy's password" };
  const row = await t.stores.users.create({ username: decoy.username, passwordHash: await createPasswordHasher().hash(decoy.password), roles: ["user"] });
  expect((await login(decoy.username, decoy.password)).status).toBe(200);
  return { victim, decoy: { ...decoy, id: row!.id } };
}

describe("an id names the account with that id (S-31)", () => {
  test("disabling by id disables the account with that id, never a decoy named after it: the real account no longer logs in", async () => {
    const { victim, decoy } = await victimAndDecoy();
    const answer = await outcome(await t.request(`/admin/users/${victim.id}/disable`, { method: "POST", token: adminToken }));
    expect(answer).toMatchObject({ status: 200, body: { user: { id: victim.id, username: victim.username, disabled_at: expect.any(String) } } });

    expect((await login(victim.username, victim.password)).status).toBe(403);
    expect((await outcome(await t.request("/protected", { token: victim.access }))).body).toEqual({ error: "token_revoked", msg: "Token has been revoked" });
    expect((await t.stores.users.findById(decoy.id))?.disabledAt).toBeNull();
    expect((await login(decoy.username, decoy.password)).status).toBe(200);
    const events = t.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.event === "admin_action" && line.action === "users disable");
    expect(events.at(-1)).toMatchObject({ actor_id: adminId, user_id: victim.id });
  });

  test("a role granted by id goes to the account with that id: the decoy's token is still refused on GET /admin/users", async () => {
    const { victim, decoy } = await victimAndDecoy();
    const granted = await outcome(await t.request(`/admin/users/${victim.id}/roles/admin`, { method: "PUT", token: adminToken }));
    expect(granted).toMatchObject({ status: 200, body: { user: { id: victim.id, username: victim.username, roles: ["user", "admin"] } } });
    expect((await t.stores.users.findById(decoy.id))?.roles).toEqual(["user"]);

    const decoyToken = (await login(decoy.username, decoy.password)).access!;
    expect(await outcome(await t.request("/admin/users", { token: decoyToken }))).toMatchObject({ status: 403, body: { error: "insufficient_scope", msg: "Missing role: admin" } });
    const victimToken = (await login(victim.username, victim.password)).access!;
    expect((await t.request("/admin/users", { token: victimToken })).status).toBe(200);
  });

  test("any spelling of an id names that account; an id-shaped name that is no account's id is not found, whatever username holds it", async () => {
    const { victim } = await victimAndDecoy();
    const bare = victim.id.replaceAll("-", "");
    for (const spelling of [victim.id.toUpperCase(), bare, bare.toUpperCase()]) {
      const shown = await outcome(await t.request(`/admin/users/${spelling}`, { token: adminToken }));
      expect({ spelling, status: shown.status, id: (shown.body as { user?: { id: string } }).user?.id }).toEqual({ spelling, status: 200, id: victim.id });
    }
    const orphan = crypto.randomUUID();
    await t.stores.users.create({ username: orphan, passwordHash: "x", roles: [] });
    expect(await outcome(await t.request(`/admin/users/${orphan}`, { token: adminToken }))).toMatchObject({ status: 404, body: { error: "not_found", msg: `No user with id ${orphan}` } });
  });

  test("the admin API adds no user named like an id: 400 invalid_request, nothing created", async () => {
    const id = crypto.randomUUID();
    const answer = await outcome(await t.request("/admin/users", { method: "POST", token: adminToken, json: { username: id.toUpperCase(), password: "long enough password" } }));
    expect(answer).toMatchObject({ status: 400, body: { error: "invalid_request", msg: "username must not be shaped like a user id (32 hexadecimal digits, as in a UUID)" } });
    expect(await t.stores.users.findByUsername(id)).toBeUndefined();
  });
});

describe("admin actions need a fresh token (S-31)", () => {
  test("every /admin route refuses an admin's refreshed token with 401 fresh_token_required, and nothing changes", async () => {
    const target = await registerAndLogin(t);
    const [sessionId] = (await t.stores.sessions.listLive(target.id, t.clock() / 1000)).map((session) => session.id);
    const admin = await t.request("/auth/login", { method: "POST", json: { username: (await t.stores.users.findById(adminId))!.username, password: "correct horse battery" } });
    const { refresh_token } = (await admin.json()) as { refresh_token: string };
    const refreshed = (await (await t.request("/auth/refresh", { method: "POST", token: refresh_token })).json()) as { access_token: string };
    const logsBefore = t.logs.length;

    const routes = t.app.routes.filter((route) => route.path.startsWith("/admin"));
    expect(routes).toHaveLength(19);
    for (const route of routes) {
      const path = route.path.replace(":user", target.username).replace(":role", "user").replace(":id", sessionId!);
      const json = route.method === "POST" && (path === "/admin/users" || path === "/admin/tokens/inspect") ? { username: "fresh_probe", password: "long enough password", token: target.access } : undefined;
      const answer = await outcome(await t.request(path, { method: route.method, token: refreshed.access_token, json }));
      expect({ route: `${route.method} ${route.path}`, status: answer.status, body: answer.body }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 401,
        body: { error: "fresh_token_required", msg: "Fresh token required" },
      });
    }
    expect(t.logs.slice(logsBefore).filter((line) => line.includes('"admin_action"'))).toEqual([]);
    expect(await t.stores.users.findById(target.id)).toMatchObject({ roles: ["user"], disabledAt: null, email: null });
    expect(await t.stores.users.findByUsername("fresh_probe")).toBeUndefined();
    expect((await t.request("/protected", { token: target.access })).status).toBe(200);
    expect((await t.request("/admin/users", { token: adminToken })).status).toBe(200);
  });
});
