import { JotError } from "../errors.ts";
import { logLine } from "../logging/log-line.ts";

/**
 * Runs a store operation, turning a failure to reach the store into `store_unavailable` (S-14),
 * so that a request that needed it is answered 503 and never as a success. The failure is
 * logged as a `store_error` line naming the store, the operation and the driver's error.
 * @example orUnavailable("database", "users.findById", () => sql`select …`)
 */
export async function orUnavailable<T>(store: string, operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof JotError) throw error;
    console.log(logLine(Date.now(), "error", "store_error", { store, operation, ...driverErrorFields(error) }));
    throw new JotError("store_unavailable", `The ${store} could not be reached`);
  }
}

/**
 * What a driver error says, fit for a log line: its name, its code (Bun's `ERR_POSTGRES_…`,
 * `ERR_REDIS_…`, `SQLITE_…`), Postgres's SQLSTATE and the message — with any URL's password and
 * any quoted value removed, since a message may quote a stored or submitted value.
 */
export function driverErrorFields(error: unknown): { error: string; code: string | null; sqlstate?: string; message: string } {
  const { name, code, errno, message } = (error ?? {}) as { name?: unknown; code?: unknown; errno?: unknown; message?: unknown };
  return {
    error: typeof name === "string" ? name : typeof error,
    code: typeof code === "string" ? code : null,
    ...(typeof errno === "string" ? { sqlstate: errno } : {}),
    message: redact(typeof message === "string" ? message : String(error)),
  };
}

function redact(message: string): string {
  return message
    .replace(/(\/\/[^/@\s:]*):[^/@\s]*@/g, "$1:***@")
    .replace(/: "[^"]*"/g, ': "…"')
    .slice(0, 300);
}
