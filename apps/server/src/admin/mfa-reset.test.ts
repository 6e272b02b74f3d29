import { afterAll, beforeAll, expect, test } from "bun:test";
import { describeWith } from "@jot/testing";
import { createPasswordHasher } from "../users/password-hasher.ts";
import { enableTotp, oathtoolService, passwordLogin } from "../../test/mfa-helpers.ts";
import { createTestApp, outcome, registerAndLogin, type TestApp } from "../../test/test-app.ts";
import { AdminService } from "./admin-service.ts";

let t: TestApp;
let adminToken: string;
let adminId: string;
beforeAll(async () => {
  t = await createTestApp();
  const admin = await registerAndLogin(t);
  adminId = admin.id;
  await new AdminService({ stores: t.stores, passwords: createPasswordHasher(), clock: t.clock, config: t.config }).grantRole(admin.username, "admin");
  adminToken = (await passwordLogin(t, admin.username, admin.password)).body.access_token as string;
});
afterAll(() => t.close());

describeWith(oathtoolService, "users mfa reset (DELETE /admin/users/:user/mfa)", () => {
  test("turns a user's second factor off: the password alone logs in again, the old recovery codes are gone, and it is audited as an admin_action", async () => {
    const user = await registerAndLogin(t);
    const { recoveryCodes } = await enableTotp(t, user.access);
    const waiting = (await passwordLogin(t, user.username, user.password)).body.mfa_token;
    const reset = await t.request(`/admin/users/${user.username}/mfa`, { method: "DELETE", token: adminToken });
    expect(reset.status).toBe(200);
    expect(((await reset.json()) as { user: { id: string } }).user.id).toBe(user.id);
    // A login that was waiting for a code is gone with the factor.
    expect((await t.request("/auth/mfa/verify", { method: "POST", json: { mfa_token: waiting, recovery_code: recoveryCodes[0] } })).status).toBe(401);
    expect((await passwordLogin(t, user.username, user.password)).body).toHaveProperty("access_token");
    const event = t.logs.filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.event === "admin_action" && line.user_id === user.id);
    expect(event).toMatchObject({ level: "info", action: "users mfa reset", actor_id: adminId });
  });

  test("deleting a user removes the sealed secret and the recovery codes with the account", async () => {
    const user = await registerAndLogin(t);
    await enableTotp(t, user.access);
    expect((await t.request(`/admin/users/${user.username}`, { method: "DELETE", token: adminToken })).status).toBe(200);
    const { sql } = t.stores.database;
    const left = [...(await sql`select user_id from mfa_totp where user_id = ${user.id}`), ...(await sql`select user_id from mfa_recovery_codes where user_id = ${user.id}`)];
    expect(left).toEqual([]);
  });

  test("needs the admin role, and names an unknown user 404", async () => {
    const user = await registerAndLogin(t);
    expect((await outcome(await t.request(`/admin/users/${user.username}/mfa`, { method: "DELETE", token: user.access }))).status).toBe(403);
    expect(await outcome(await t.request("/admin/users/nobody-at-all/mfa", { method: "DELETE", token: adminToken }))).toMatchObject({
      status: 404,
      body: { error: "not_found", msg: 'No user named "nobody-at-all"' },
    });
  });
});
