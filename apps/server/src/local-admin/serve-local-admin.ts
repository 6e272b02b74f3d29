import type { Server } from "bun";
import { operatorActor } from "../admin/operator-actor.ts";
import type { Config } from "../config/config.ts";
import type { localAdminApp } from "./local-admin-app.ts";
import { adminSocketPath } from "./admin-socket-path.ts";
import { listenAdminSocket } from "./listen-admin-socket.ts";

/** The server's admin socket, listening; `stop()` removes it. */
export interface LocalAdminSocket {
  path: string;
  server: Server<undefined>;
}

/**
 * Serves the admin API on the server's local socket (see {@link adminSocketPath}), for the local
 * operator: the admin command beside a running SQLite server needs no token. Nothing when the
 * database has no data folder (Postgres, in-memory SQLite) or the app no admin API.
 * Throws `AdminSocketError` when the socket cannot be made safely.
 */
export async function serveLocalAdmin(config: Config, localAdmin: ((operator: string) => ReturnType<typeof localAdminApp>) | undefined): Promise<LocalAdminSocket | undefined> {
  const path = adminSocketPath(config.databaseUrl);
  if (path === undefined || localAdmin === undefined) return undefined;
  const app = localAdmin(operatorActor("local"));
  return { path, server: await listenAdminSocket(path, (request) => app.handle(request)) };
}
