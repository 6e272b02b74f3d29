import { lstatSync } from "node:fs";

/** How long a server on the socket has to answer before it is taken to be there but busy. */
const PROBE_TIMEOUT_MS = 2000;

/**
 * What is at a socket path: nothing; a socket a server answers on (`live`); one left behind by a
 * server that is gone (`stale`: refused); one this user may not open (`denied`: another user's);
 * or some other file, which is never touched.
 */
export type SocketState = "absent" | "live" | "stale" | "denied" | "not_a_socket";

/** Looks at `path` without following a link, and asks a socket found there whether anyone answers. */
export async function socketState(path: string): Promise<SocketState> {
  let isSocket: boolean;
  try {
    isSocket = lstatSync(path).isSocket();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "absent";
    throw error;
  }
  if (!isSocket) return "not_a_socket";
  try {
    // Any answer, even a refusal, is a live server.
    await fetch("http://localhost/", { unix: path, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return "live";
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ECONNREFUSED") return "stale";
    if (code === "ENOENT") return "absent";
    if (code === "EACCES") return "denied";
    // Connected but no answer in time: someone holds it, so it is not ours to remove.
    return "live";
  }
}
