import { HookFailure, type HookName } from "../errors/hook-failure.ts";
import { JotError } from "../errors/jot-error.ts";
import type { ErrorLog } from "../logging/error-log.ts";

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
