import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createAdminTestApp } from "../../test/admin-app.ts";
import { registerAndLogin, type TestApp } from "../../test/test-app.ts";
import type { AdminService } from "./admin-service.ts";
import { AuditedAdmin, type AdminActionFields } from "./audited-admin.ts";

let t: TestApp;
let admin: AdminService;
beforeAll(async () => void ({ t, admin } = await createAdminTestApp()));
afterAll(() => t.close());

describe("admin changes as audit events", () => {
  test("each change records what was done, by whom and to which user, once it is done; reading records nothing", async () => {
    const recorded: AdminActionFields[] = [];
    const audited = new AuditedAdmin(admin, "actor-1", (fields) => recorded.push(fields));
    const user = await registerAndLogin(t);
    const [session] = await audited.listSessions(user.username);
    const added = await audited.addUser("audited_new", "long enough password", []);
    await audited.grantRole(user.username, "editor");
    await audited.revokeRole(user.username, "editor", false);
    await audited.endSession(session!.id);
    await audited.endAllSessions(user.username);
    await audited.disable(user.username);
    await audited.enable(user.username);
    await audited.pruneRevocations();
    await audited.deleteUser(added.id);
    await audited.listUsers();
    await audited.showUser(user.username);
    await audited.revocationStats();
    await audited.inspectToken(user.access);

    const on = (action: AdminActionFields["action"], userId: string) => ({ action, actor_id: "actor-1", user_id: userId });
    expect(recorded).toEqual([
      on("users add", added.id),
      on("roles grant", user.id),
      on("roles revoke", user.id),
      on("sessions end", user.id),
      on("sessions end-all", user.id),
      on("users disable", user.id),
      on("users enable", user.id),
      { action: "revocations prune", actor_id: "actor-1" },
      on("users delete", added.id),
    ]);
  });

  test("a refused change records nothing", async () => {
    const recorded: AdminActionFields[] = [];
    const audited = new AuditedAdmin(admin, "actor-2", (fields) => recorded.push(fields));
    await expect(audited.disable("nobody_at_all")).rejects.toMatchObject({ code: "not_found" });
    await expect(audited.grantRole("nobody_at_all", "a b")).rejects.toMatchObject({ code: "invalid_request" });
    await expect(audited.addUser("audited_short", "short", [])).rejects.toMatchObject({ code: "invalid_request" });
    expect(recorded).toEqual([]);
  });
});
