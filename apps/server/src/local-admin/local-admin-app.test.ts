import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, outcome, registerAndLogin, type TestApp } from "../../test/test-app.ts";

// The admin API as the server answers it on its local socket: the app in process, asked directly.

const OPERATOR = "local:operator";
let t: TestApp;
let local: ReturnType<TestApp["localAdmin"]>;
beforeAll(async () => {
  t = await createTestApp();
  local = t.localAdmin(OPERATOR);
});
afterAll(() => t.close());

/** A request to the socket's app: no token, as the admin command sends it. */
function onSocket(path: string, { method = "GET", json }: { method?: string; json?: unknown } = {}) {
  const body = json === undefined ? {} : { body: JSON.stringify(json), headers: { "content-type": "application/json" } };
  return local.handle(new Request(`http://localhost${path}`, { method, ...body }));
}

const adminActions = () =>
  t.logs
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.event === "admin_action");

describe("the admin API on the local socket", () => {
  test("needs no token: the first admin is added, logs in at once, and the change names the local operator", async () => {
    const username = `root${crypto.randomUUID().slice(0, 8)}`;
    const added = await outcome(await onSocket("/admin/users", { method: "POST", json: { username, password: "correct horse battery", roles: ["admin"] } }));
    expect(added).toMatchObject({ status: 201, body: { user: { username, roles: ["admin"], disabled_at: null } } });
    const id = (added.body as { user: { id: string } }).user.id;
    expect(adminActions().at(-1)).toMatchObject({ level: "info", action: "users add", actor_id: OPERATOR, user_id: id });

    const login = await t.request("/auth/login", { method: "POST", json: { username, password: "correct horse battery" } });
    expect(login.status).toBe(200);
    const me = (await (await t.request("/auth/me", { token: ((await login.json()) as { access_token: string }).access_token })).json()) as { user: { roles: string[] } };
    expect(me.user.roles).toEqual(["admin"]);
  });

  test("a user disabled through it is refused by the server from the next request", async () => {
    const user = await registerAndLogin(t);
    expect((await t.request("/protected", { token: user.access })).status).toBe(200);
    expect((await onSocket(`/admin/users/${user.username}/disable`, { method: "POST" })).status).toBe(200);
    expect((await outcome(await t.request("/protected", { token: user.access }))).body).toEqual({ error: "token_revoked", msg: "Token has been revoked" });
    expect((await outcome(await t.request("/auth/login", { method: "POST", json: { username: user.username, password: user.password } }))).body).toMatchObject({ error: "account_disabled" });
    expect(adminActions().at(-1)).toMatchObject({ action: "users disable", actor_id: OPERATOR, user_id: user.id });
  });

  test("a role granted through it reaches the user's token at the next login", async () => {
    const user = await registerAndLogin(t);
    expect((await onSocket(`/admin/users/${user.username}/roles/editor`, { method: "PUT" })).status).toBe(200);
    const login = await t.request("/auth/login", { method: "POST", json: { username: user.username, password: user.password } });
    const me = (await (await t.request("/auth/me", { token: ((await login.json()) as { access_token: string }).access_token })).json()) as { user: { roles: string[] } };
    expect(me.user.roles).toContain("editor");
  });

  test("sets an email and issues a reset token through it, delivered as the routes deliver theirs; the token resets the password once", async () => {
    const user = await registerAndLogin(t);
    const email = `${user.username}@example.com`;
    const set = await outcome(await onSocket(`/admin/users/${user.username}/email`, { method: "PUT", json: { email } }));
    expect(set).toMatchObject({ status: 200, body: { user: { id: user.id }, email, verification_sent: true } });
    expect(adminActions().at(-1)).toMatchObject({ action: "users email", actor_id: OPERATOR, user_id: user.id });

    const issued = await outcome(await onSocket(`/admin/users/${user.username}/reset-link`, { method: "POST", json: { reveal: true } }));
    const { token } = issued.body as { token: string };
    expect(issued).toMatchObject({ status: 200, body: { user: { id: user.id }, delivered: true } });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(adminActions().at(-1)).toMatchObject({ action: "users reset-link", actor_id: OPERATOR, user_id: user.id });
    await t.settled();
    expect(t.deliveries.filter((delivery) => delivery.kind === "password_reset" && delivery.user.id === user.id).map((delivery) => delivery.token)).toEqual([token]);

    const reset = (next: string) => t.request("/auth/password/reset", { method: "POST", json: { token, new_password: next } });
    expect((await reset("a password an operator sent")).status).toBe(200);
    expect((await outcome(await reset("and once more"))).body).toMatchObject({ error: "invalid_reset_token" });
    expect((await outcome(await t.request("/protected", { token: user.access }))).body).toMatchObject({ error: "token_revoked" });
  });

  test("answers the admin API only: the auth routes, health and the docs are not found on it", async () => {
    for (const [method, path] of [["POST", "/auth/login"], ["POST", "/auth/register"], ["GET", "/health"], ["GET", "/protected"], ["GET", "/openapi/json"]] as const) {
      expect({ path, ...(await outcome(await onSocket(path, { method, json: method === "POST" ? { username: "a", password: "b" } : undefined }))) }).toMatchObject({ path, status: 404, body: { error: "not_found" } });
    }
  });

  test("refuses bad input with the network API's answers: 400 naming the problem, 404 for an unknown user, 405 for a wrong method", async () => {
    expect(await outcome(await onSocket("/admin/users", { method: "POST", json: { username: "x", password: 5 } }))).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    expect(await outcome(await onSocket("/admin/users/nobody-at-all"))).toMatchObject({ status: 404, body: { error: "not_found", msg: 'No user named "nobody-at-all"' } });
    expect((await onSocket("/admin/users", { method: "PATCH" })).status).toBe(405);
  });
});
