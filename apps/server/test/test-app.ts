import type { OneTimeTokenDelivery } from "@jot/elysia/server";
import { createApp, createServerApps } from "../src/app.ts";
import { BackgroundWork } from "../src/http/background-work.ts";
import type { localAdminApp } from "../src/local-admin/local-admin-app.ts";
import type { Config } from "../src/config/config.ts";
import { loadConfig } from "../src/config/load-config.ts";
import { jsonLinesAuditLog } from "../src/logging/audit-log.ts";
import { openStores, type Stores } from "../src/stores.ts";
import { createPasswordHasher, type PasswordHasher } from "../src/users/password-hasher.ts";
import { manualClock, type ManualClock, TEST_SECRET } from "@jot/testing";
export { manualClock, TEST_SECRET, type ManualClock };
export { outcome } from "@jot/testing";

/**
 * The socket peer of every in-process request: a proxy on loopback, so tests that set
 * `TRUST_PROXY: TEST_PEER_ADDRESS` choose the client address with `X-Forwarded-For`.
 */
export const TEST_PEER_ADDRESS = "127.0.0.1";

/** What test apps encrypt TOTP secrets with. */
export const TEST_MFA_KEY = "a-test-mfa-encryption-key-of-32-bytes!";

const sharedPasswords = createPasswordHasher();

export interface TestApp {
  app: ReturnType<typeof createApp>;
  config: Config;
  clock: ManualClock;
  stores: Stores;
  /** The admin API as the server answers it on its local socket, for `operator`. */
  localAdmin(operator: string): ReturnType<typeof localAdminApp>;
  /** Every audit line the app wrote. */
  logs: string[];
  /**
   * Every reset and verification token the app delivered where development would write its stderr
   * line (no `PASSWORD_RESET_WEBHOOK`, no `SMTP_URL`, not production).
   */
  deliveries: OneTimeTokenDelivery[];
  /** Resolves once the work done after answers (a reset's lookup, issue and delivery) has finished. */
  settled(): Promise<void>;
  /** Sends a request through the app in process. */
  request(path: string, init?: RequestInit & { json?: unknown; token?: string }): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Per-address limits are lifted in tests, where every in-process request comes from one
 * "address"; the throttling tests set their own.
 */
export const UNTHROTTLED = {
  LOGIN_MAX_FAILURES_PER_ADDRESS: "1000000",
  LOGIN_MAX_FAILURES_PER_NETWORK: "1000000",
  LOGIN_MAX_FAILURES_PER_SITE: "1000000",
  REFRESH_MAX_FAILURES_PER_ADDRESS: "1000000",
  REGISTER_MAX_PER_ADDRESS: "1000000",
  LOGIN_MAX_PER_ADDRESS: "1000000",
  LOGIN_MAX_PER_ACCOUNT: "1000000",
  PASSWORD_RESET_MAX_PER_ADDRESS: "1000000",
  RESET_TOKEN_MAX_FAILURES_PER_ADDRESS: "1000000",
  JWT_MAX_SESSIONS: "10000",
  // Argon2id at full speed: the tests make many logins, and the resting share is tested on its own.
  PASSWORD_HASH_SHARE: "1",
};

/**
 * The real app on an in-memory SQLite database, with a manual clock.
 * `env` overrides the configuration variables; `passwords` the argon2id hasher.
 */
export async function createTestApp(env: Record<string, string> = {}, passwords: PasswordHasher = sharedPasswords): Promise<TestApp> {
  // A key pair's algorithm uses no secret, and refuses one that is set.
  const secret = env.JWT_PRIVATE_KEY === undefined ? { JWT_SECRET_KEY: TEST_SECRET } : {};
  const config = loadConfig({ ...secret, MFA_ENCRYPTION_KEY: TEST_MFA_KEY, DATABASE_URL: "sqlite://:memory:", ...UNTHROTTLED, ...env });
  const clock = manualClock();
  const stores = await openStores(config, clock);
  const logs: string[] = [];
  const audit = jsonLinesAuditLog((line) => logs.push(line), clock);
  const logError = (event: string, error: unknown) => void logs.push(`${event}: ${String(error)}`);
  const deliveries: OneTimeTokenDelivery[] = [];
  const background = new BackgroundWork(logError);
  const deliver = config.passwordReset.stderr ? { deliver: (delivery: OneTimeTokenDelivery) => void deliveries.push(delivery) } : {};
  const { app, localAdmin } = createServerApps(config, { clock, passwords, ...stores, audit, logError, background, ...deliver });
  // In process there is no socket: every request is shown as coming from TEST_PEER_ADDRESS.
  (app as { server: unknown }).server = { requestIP: () => ({ address: TEST_PEER_ADDRESS }) };
  return {
    app,
    localAdmin: localAdmin!,
    config,
    clock,
    stores,
    logs,
    deliveries,
    settled: () => background.settled(),
    request(path, { json, token, headers, ...init } = {}) {
      const merged = new Headers(headers);
      if (token !== undefined) merged.set("authorization", `Bearer ${token}`);
      if (json !== undefined) merged.set("content-type", "application/json");
      const body = json === undefined ? init.body : JSON.stringify(json);
      return app.handle(new Request(`http://localhost${path}`, { ...init, headers: merged, body }));
    },
    close: () => stores.close(),
  };
}

/** Registers a user and logs in; answers the token pair. */
export async function registerAndLogin(
  t: TestApp,
  username = `user${crypto.randomUUID().slice(0, 8)}`,
  password = "correct horse battery",
): Promise<{ username: string; password: string; access: string; refresh: string; id: string }> {
  const registered = await t.request("/auth/register", { method: "POST", json: { username, password } });
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}`);
  const { id } = (await registered.json()) as { id: string };
  const login = await t.request("/auth/login", { method: "POST", json: { username, password } });
  const pair = (await login.json()) as { access_token: string; refresh_token: string };
  return { username, password, id, access: pair.access_token, refresh: pair.refresh_token };
}
