import { AdminService } from "../src/admin/admin-service.ts";
import { standaloneAuth } from "../src/app.ts";
import { createPasswordHasher } from "../src/users/password-hasher.ts";
import { createTestApp, type TestApp } from "./test-app.ts";

/** The in-process app and the admin operations on its own stores and clock. */
export async function createAdminTestApp(): Promise<{ t: TestApp; admin: AdminService }> {
  const t = await createTestApp();
  const auth = standaloneAuth(t.config, { clock: t.clock, revocations: t.stores.revocations });
  return { t, admin: new AdminService(t.stores, createPasswordHasher(), t.clock, t.config, (token, type) => auth.authenticate(token, type)) };
}
