import { AdminService } from "../src/admin/admin-service.ts";
import { standaloneAuth } from "../src/standalone-auth.ts";
import { createPasswordHasher } from "../src/users/password-hasher.ts";
import { createTestApp, type TestApp } from "./test-app.ts";

/** The in-process app and the admin operations on its own stores and clock. */
export async function createAdminTestApp(): Promise<{ t: TestApp; admin: AdminService }> {
  const t = await createTestApp();
  const auth = standaloneAuth(t.config, { clock: t.clock, revocations: t.stores.revocations, sessions: t.stores.sessions }, () => {});
  const authenticate = (token: string, type: "access" | "refresh") => auth.authenticate(token, type);
  return { t, admin: new AdminService({ stores: t.stores, passwords: createPasswordHasher(), clock: t.clock, config: t.config, authenticate }) };
}
