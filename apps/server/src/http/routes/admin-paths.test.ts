import { describe, expect, test } from "bun:test";
import { ADMIN_PATHS, ADMIN_ROUTES } from "./admin-paths.ts";

describe("the admin API's paths", () => {
  test("a client's path is the route with its parameters filled in", () => {
    expect(ADMIN_PATHS.user("ann")).toBe(ADMIN_ROUTES.user.replace(":user", "ann"));
    expect(ADMIN_PATHS.role("ann", "ops:read")).toBe("/admin/users/ann/roles/ops%3Aread");
    expect(ADMIN_PATHS.userSessions("ann")).toBe("/admin/users/ann/sessions");
    expect(ADMIN_PATHS.session("0190b3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b")).toBe("/admin/sessions/0190b3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b");
  });

  test("a name cannot reach another route: its slashes and colons are percent-encoded", () => {
    expect(ADMIN_PATHS.disable("a/../b")).toBe("/admin/users/a%2F..%2Fb/disable");
    expect(ADMIN_PATHS.enable(":user")).toBe("/admin/users/%3Auser/enable");
  });
});
