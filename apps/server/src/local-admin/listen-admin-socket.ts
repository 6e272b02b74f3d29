import { lstatSync, mkdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import type { Server } from "bun";
import { socketState } from "./socket-state.ts";

/** The socket could not be made safely; the message is one line naming the path. */
export class AdminSocketError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AdminSocketError";
  }
}

/** Only the owner may connect: the file's permissions are the credential. */
const SOCKET_MODE = 0o600;
/** Masks every bit but the owner's read and write off the socket as it is created. */
const SOCKET_UMASK = 0o177;

/**
 * Listens on the Unix socket `path` for `fetch`, created with mode 0600 and owned by this process's
 * user. A socket left by a server that is gone is removed first; a live one (another server), or any
 * other file at the path, is an {@link AdminSocketError}. The socket is created under a umask that
 * leaves only the owner's bits, so it is never open to others, not even for a moment.
 * Stopping the server removes the socket.
 */
export async function listenAdminSocket(path: string, fetch: (request: Request) => Response | Promise<Response>): Promise<Server<undefined>> {
  try {
    await makeRoomFor(path);
  } catch (error) {
    if (error instanceof AdminSocketError) throw error;
    throw new AdminSocketError(`${path}: cannot make the admin socket (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let server: Server<undefined>;
  // Bun.serve binds before it returns: the umask is this process's only for that moment.
  const previousUmask = process.umask(SOCKET_UMASK);
  try {
    server = Bun.serve({ unix: path, fetch });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new AdminSocketError(`${path}: cannot listen on the admin socket (${code})`);
  } finally {
    process.umask(previousUmask);
  }
  const made = lstatSync(path);
  if ((made.mode & 0o777) !== SOCKET_MODE || made.uid !== process.getuid?.()) {
    await server.stop(true);
    throw new AdminSocketError(`${path}: the admin socket was not created owner-only (mode ${(made.mode & 0o777).toString(8)})`);
  }
  return server;
}

/** Clears the way for a new socket at `path`: removes a stale one, refuses anything else that is there. */
async function makeRoomFor(path: string): Promise<void> {
  const state = await socketState(path);
  if (state === "live") throw new AdminSocketError(`${path}: another jot server answers on this admin socket`);
  if (state === "denied") throw new AdminSocketError(`${path}: the admin socket there belongs to another user; stop that server or move the socket away`);
  if (state === "not_a_socket") throw new AdminSocketError(`${path} exists and is not a socket; move it away`);
  if (state === "stale") rmSync(path);
  mkdirSync(dirname(path), { recursive: true });
}
