import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Server } from "bun";
import { createAdminTestApp } from "../../test/admin-app.ts";
import { jotCommand } from "../../test/run-jot.ts";
import { registerAndLogin, TEST_SECRET, type TestApp } from "../../test/test-app.ts";

// The command through a running server's admin API (JOT_ADMIN_URL, JOT_ADMIN_TOKEN): the app in
// process, served on loopback.

let t: TestApp;
let server: Server<undefined>;
let admin: { id: string; fresh: string; refreshed: string };
beforeAll(async () => {
  const built = await createAdminTestApp();
  t = built.t;
  server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (request) => t.app.handle(request) });
  const user = await registerAndLogin(t);
  await built.admin.grantRole(user.username, "admin");
  // Roles reach tokens at the next login; a refresh answers a token that is not fresh.
  const login = await t.request("/auth/login", { method: "POST", json: { username: user.username, password: user.password } });
  const pair = (await login.json()) as { access_token: string; refresh_token: string };
  const refreshed = (await (await t.request("/auth/refresh", { method: "POST", token: pair.refresh_token })).json()) as { access_token: string };
  admin = { id: user.id, fresh: pair.access_token, refreshed: refreshed.access_token };
});
afterAll(async () => {
  await server.stop(true);
  await t.close();
});

const through = (token: string) => jotCommand({ JWT_SECRET_KEY: TEST_SECRET, JOT_ADMIN_URL: server.url.href, JOT_ADMIN_TOKEN: token });

describe("the admin command through the admin API", () => {
  test("with an admin's fresh token, a change is made by the server, which records it as the admin's", async () => {
    const user = await registerAndLogin(t);
    const run = await through(admin.fresh)(["users", "disable", user.id, "--json"]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    expect(run.json<{ user: { id: string; disabled_at: string } }>().user).toMatchObject({ id: user.id, disabled_at: expect.any(String) });
    expect((await t.stores.users.findById(user.id))?.disabledAt).toEqual(expect.any(Number));
    const event = t.logs.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.event === "admin_action" && line.user_id === user.id);
    expect(event).toMatchObject({ action: "users disable", actor_id: admin.id });
  });

  test("with a token that is not fresh, the command says the token must come straight from a login, and nothing changes", async () => {
    const user = await registerAndLogin(t);
    const run = await through(admin.refreshed)(["users", "disable", user.username]);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 1, stdout: "" });
    expect(run.stderr).toBe(
      `jot: fresh_token_required: Fresh token required (the server at ${server.url.href}): JOT_ADMIN_TOKEN must be an access token straight from a password login (not from a refresh); log in again for one\n`,
    );
    expect((await t.stores.users.findById(user.id))?.disabledAt).toBeNull();
  });
});
