/** How much a log line matters. */
export type LogLevel = "info" | "warn" | "error";

/**
 * One JSON log line: `time`, `level` and `event` first, then the event's own fields. Every line
 * jot logs (auth events, store failures, unexpected errors) has this shape, so a log collector
 * reads them all the same way.
 * @example logLine(Date.now(), "error", "store_error", { store: "database" })
 */
export function logLine(time: number, level: LogLevel, event: string, fields: Record<string, unknown> = {}): string {
  return JSON.stringify({ time: new Date(time).toISOString(), level, event, ...fields });
}
