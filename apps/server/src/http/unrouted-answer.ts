import { JotError } from "../errors.ts";
import { errorResponse, type ErrorResponseExtras } from "./error-response.ts";

/**
 * The answer to a request no route took (Elysia's NOT_FOUND), from the methods its path can be
 * asked with (`methodsAt`, see `allowed-methods.ts`): a plain `OPTIONS` on a known path is 204 with
 * `Allow` (a CORS preflight never gets here: it is answered first); another method there is 405
 * `method_not_allowed` with `Allow`; an unknown path is 404 `not_found`. Refusals go through
 * `refuse`, the app's one place for failures.
 */
export function answerUnrouted(
  request: Request,
  methodsAt: (path: string) => string[],
  refuse: (error: JotError, extras?: ErrorResponseExtras) => Response = errorResponse,
): Response {
  const allowed = methodsAt(new URL(request.url).pathname);
  if (allowed.length === 0) return refuse(new JotError("not_found", "Not found"));
  const allow = allowed.join(", ");
  if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: { allow } });
  return refuse(new JotError("method_not_allowed"), { headers: { allow } });
}
