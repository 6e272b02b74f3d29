import { createServerApps } from "./app.ts";
import { ConfigError } from "./config/config-error.ts";
import { loadConfig } from "./config/load-config.ts";
import { AdminSocketError } from "./local-admin/listen-admin-socket.ts";
import { serveLocalAdmin, type LocalAdminSocket } from "./local-admin/serve-local-admin.ts";
import { settleSigningSecret } from "./config/settle-signing-secret.ts";
import { mfaKeyMaterial } from "./config/settle-mfa-key.ts";
import { stdoutErrorLog, systemClock } from "@jot/elysia/server";
import { openStores, StoreOpenError, type Stores } from "./stores.ts";
import { createThreadedPasswordHasher } from "./users/threaded-password-hasher.ts";

/** The only file that reads the environment and listens. */
function fail(line: string): never {
  console.error(`jot: ${line}`);
  process.exit(1);
}

let config;
try {
  // The keys are settled before anything is opened, so a refusal (production given the development
  // key or no MFA key, a development key that cannot be kept) comes before any store is touched.
  config = settleSigningSecret(loadConfig(process.env));
  mfaKeyMaterial(config);
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}
for (const warning of config.warnings) console.error(`jot: warning: ${warning}`);

let stores: Stores;
try {
  stores = await openStores(config, systemClock, stdoutErrorLog);
} catch (error) {
  if (error instanceof StoreOpenError) fail(error.message);
  throw error;
}

const { app, localAdmin } = createServerApps(config, { clock: systemClock, passwords: createThreadedPasswordHasher(config.passwordWork.concurrency), ...stores, logError: stdoutErrorLog });
// The admin API for the local operator, on a socket in the data folder (SQLite only).
let adminSocket: LocalAdminSocket | undefined;
try {
  adminSocket = await serveLocalAdmin(config, localAdmin);
} catch (error) {
  await stores.close();
  if (error instanceof AdminSocketError) fail(error.message);
  throw error;
}
try {
  app.listen({
    port: config.port,
    ...(config.host === undefined ? {} : { hostname: config.host }),
    // The app answers 413 as JSON to any larger declared body without reading it; Bun's own
    // limit (an empty 413) is only a backstop far above it.
    maxRequestBodySize: 128 * 1024 * 1024,
    // Elysia turns SO_REUSEPORT on: a second server on a taken port would silently share it.
    reusePort: false,
  });
} catch (error) {
  await adminSocket?.server.stop(true);
  await stores.close();
  const code = (error as NodeJS.ErrnoException).code ?? "error";
  fail(code === "EADDRINUSE" ? `PORT: ${config.port} is already in use` : `HOST/PORT: cannot listen on ${config.host ?? "all interfaces"}:${config.port} (${code})`);
}
const server = app.server!;
// stdout carries only JSON log lines (a log collector reads them); people read stderr.
console.error(`jot listening on port ${server.port} (${config.host ?? "all interfaces"})`);
if (adminSocket) console.error(`jot: admin socket ${adminSocket.path} (the admin command on this host, no token)`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.error(`jot: ${signal}: finishing requests in flight, then stopping`);
  await Promise.all([server.stop(), adminSocket?.server.stop()]);
  await stores.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
