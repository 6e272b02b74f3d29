import { JotError } from "../errors/jot-error.ts";
import { StoreFailure } from "../errors/store-failure.ts";
import type { ErrorLog } from "../logging/error-log.ts";
import { errorResponse } from "./error-response.ts";
import { answerFrameworkError, type MethodsAt, type Refuse } from "./framework-errors.ts";

/**
 * A refusal's response: a store that failed is logged as `store_error` first (an app hook that
 * threw was logged as `hook_error` where it was called). `refuse` makes the response; the server
 * passes one that also counts refusals by code.
 */
export function answerRefusal(error: JotError, logError: ErrorLog, refuse: Refuse = errorResponse): Response {
  if (error instanceof StoreFailure) logError("store_error", error);
  return refuse(error);
}

/** What {@link answerFailure} needs besides the failure. */
export interface FailureAnswering {
  /** Where store failures and unexpected errors are reported. */
  logError: ErrorLog;
  /** The methods a path can be asked with, for 405's `Allow`. */
  methodsAt: MethodsAt;
  /** Makes a refusal's response. @default errorResponse */
  refuse?: Refuse;
}

/**
 * The one place any failure an app's `onError` sees becomes a response (S-21): a `JotError` (a
 * `StoreFailure` or `HookFailure` too) is answered with its code; a failure Elysia raised
 * (NOT_FOUND, PARSE, VALIDATION) as {@link answerFrameworkError} says; anything else is a bug,
 * logged as `internal_error` and answered 500 without its text.
 */
export function answerFailure(code: unknown, error: unknown, request: Request, { logError, methodsAt, refuse = errorResponse }: FailureAnswering): Response {
  if (error instanceof JotError) return answerRefusal(error, logError, refuse);
  const framework = answerFrameworkError(code, error, request, methodsAt, refuse);
  if (framework) return framework;
  logError("internal_error", error);
  return refuse(new JotError("internal_error"));
}
