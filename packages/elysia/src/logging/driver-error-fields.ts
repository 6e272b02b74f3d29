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
