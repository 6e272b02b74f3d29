import { type ErrorLog, StoreFailure } from "@jot/elysia/server";
import type { Metrics } from "./metrics.ts";

/**
 * The error log, also counting store failures by store: every one is reported to it once, by
 * whoever caught it, so the counter agrees with the `store_error` lines.
 */
export function countingErrorLog(log: ErrorLog, metrics: Metrics): ErrorLog {
  return (event, error) => {
    log(event, error);
    if (error instanceof StoreFailure) metrics.storeErrors.inc({ store: error.store });
  };
}
