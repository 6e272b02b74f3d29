import type { Clock } from "../clock.ts";
import { StoreFailure } from "../errors/store-failure.ts";
import { HookFailure } from "../errors/hook-failure.ts";
import { driverErrorFields } from "./driver-error-fields.ts";
import { logLine } from "./log-line.ts";

/** Where unexpected errors and store failures are reported; never given a token, password or body. */
export type ErrorLog = (event: string, error: unknown) => void;

/**
 * An {@link ErrorLog} writing one JSON line per error: a store failure names its store, operation
 * and driver error (`store_error`), an app hook's failure the hook and its error (`hook_error`),
 * passwords in URLs removed; anything else gives its name and message only, so no request data
 * reaches a log.
 * @example jsonLinesErrorLog((line) => console.log(line))
 */
export function jsonLinesErrorLog(write: (line: string) => void, clock: Clock = Date.now): ErrorLog {
  return (event, error) => write(logLine(clock(), "error", event, errorFields(error)));
}

function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof StoreFailure) return { store: error.store, operation: error.operation, ...driverErrorFields(error.cause) };
  if (error instanceof HookFailure) return { hook: error.hook, ...driverErrorFields(error.cause) };
  return { error: error instanceof Error ? error.name : typeof error, message: error instanceof Error ? error.message : "" };
}

/** The default {@link ErrorLog}: JSON lines on stdout, beside the audit lines. */
export const stdoutErrorLog: ErrorLog = jsonLinesErrorLog((line) => console.log(line));
