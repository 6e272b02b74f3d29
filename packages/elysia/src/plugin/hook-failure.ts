import { JotError } from "../errors/jot-error.ts";
import type { ErrorLog } from "../logging/error-log.ts";

/** The app hooks `jot()` calls. */
export type HookName = "additionalClaims" | "userLookup" | "isRevoked" | "verifyClaims" | "onError";

/**
 * An app hook threw (S-30): answered `500 internal_error`, or `503 store_unavailable` when the
 * hook decides revocation, with jot's own message. The hook's error is kept as the `cause` and
 * logged as a `hook_error` line naming the hook; it never reaches a client.
 */
export class HookFailure extends JotError {
  constructor(
    readonly hook: HookName,
    cause: unknown,
  ) {
    super(hook === "isRevoked" ? "store_unavailable" : "internal_error", undefined, { cause });
    this.name = "HookFailure";
  }
}

/**
 * Runs an app hook and hands back its answer, in the same turn when the hook answers in it. A
 * throw (or a rejection) is logged and becomes a {@link HookFailure}; a `JotError` the hook throws
 * is its refusal and passes through as it is.
 */
export function callHook<T>(hook: HookName, logError: ErrorLog, run: () => T | Promise<T>): T | Promise<T> {
  const fail = (error: unknown): never => {
    if (error instanceof JotError) throw error;
    const failure = new HookFailure(hook, error);
    logError("hook_error", failure);
    throw failure;
  };
  try {
    const answer = run();
    return answer instanceof Promise ? answer.catch(fail) : answer;
  } catch (error) {
    return fail(error);
  }
}
