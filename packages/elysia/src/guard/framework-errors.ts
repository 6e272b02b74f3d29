import { JotError } from "../errors/jot-error.ts";
import { errorResponse, type ErrorResponseExtras } from "./error-response.ts";

/** The app's one place for failures: a refusal becomes its response. */
export type Refuse = (error: JotError, extras?: ErrorResponseExtras) => Response;

/** The methods a path can be asked with (`allowed-methods.ts`); none for an unknown path. */
export type MethodsAt = (path: string) => string[];

/**
 * jot's answer to a failure Elysia itself raised, so that it too is JSON `{error, msg}` (S-21): a
 * request no route took ({@link answerUnrouted}); a body that could not be parsed (the body reader's
 * own refusal, else `invalid_request`) or fails a route's schema (`invalid_request`, never echoing
 * it as Elysia's 422 does). `undefined` for anything else: a bug, which the caller logs and answers
 * `internal_error`.
 */
export function answerFrameworkError(code: unknown, error: unknown, request: Request, methodsAt: MethodsAt, refuse: Refuse = errorResponse): Response | undefined {
  if (code === "NOT_FOUND") return answerUnrouted(request, methodsAt, refuse);
  if (code === "PARSE") {
    // Elysia wraps what the body parser throws; the cause says what was wrong.
    const cause = error instanceof Error ? error.cause : undefined;
    return refuse(cause instanceof JotError ? cause : new JotError("invalid_request", "Request body could not be parsed"));
  }
  if (code === "VALIDATION") return refuse(new JotError("invalid_request"));
  return undefined;
}

/**
 * The answer to a request no route took (Elysia's NOT_FOUND), from the methods its path can be
 * asked with: a plain `OPTIONS` on a known path is 204 with `Allow` (a CORS preflight never gets
 * here: it is answered first); another method there is 405 `method_not_allowed` with `Allow`; an
 * unknown path is 404 `not_found`.
 */
export function answerUnrouted(request: Request, methodsAt: MethodsAt, refuse: Refuse = errorResponse): Response {
  const allowed = methodsAt(new URL(request.url).pathname);
  if (allowed.length === 0) return refuse(new JotError("not_found", "Not found"));
  const allow = allowed.join(", ");
  if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: { allow } });
  return refuse(new JotError("method_not_allowed"), { headers: { allow } });
}
