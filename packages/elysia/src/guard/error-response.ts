import { ERROR_CODES, type ErrorBody, type ErrorCode } from "@jot/shared";
import { JotError } from "../errors/jot-error.ts";
import { REJECTED_TOKEN_CODES } from "./guard-refusals.ts";

/** Codes that mean "the token presented was not good enough": answered with RFC 6750's `error="invalid_token"`. */
const TOKEN_FAILURES: ReadonlySet<ErrorCode> = new Set([...REJECTED_TOKEN_CODES, "fresh_token_required", "user_not_found"]);

/** RFC 6750 §3.1 error names, by jot code; codes not listed carry no challenge beyond a missing token's. */
function rfc6750Error(code: ErrorCode): string | undefined {
  if (TOKEN_FAILURES.has(code)) return "invalid_token";
  if (code === "invalid_header") return "invalid_request";
  if (code === "insufficient_scope") return "insufficient_scope";
  // RFC 9470 (OAuth 2.0 Step Up Authentication Challenge) names this error for a 401 Bearer challenge.
  if (code === "insufficient_user_authentication") return "insufficient_user_authentication";
  return undefined;
}

/** `WWW-Authenticate` per RFC 6750 §3 for a failure, or `undefined` when none is due. */
export function wwwAuthenticate(error: JotError): string | undefined {
  if (error.code === "missing_token") return `Bearer realm="jot"`;
  const rfcError = rfc6750Error(error.code);
  if (rfcError === undefined) return undefined;
  // A quoted-string may not hold `"` or `\`; our messages never do, but never let one break the header.
  const description = error.message.replace(/["\\]/g, "'");
  return `Bearer realm="jot", error="${rfcError}", error_description="${description}"`;
}

/** What the HTTP layer adds to a failure's response: fields beside `{error, msg}`, and headers. */
export interface ErrorResponseExtras {
  /** More body fields (`/health`'s `stores`); they never replace `error` or `msg`. */
  body?: Record<string, unknown>;
  /** More headers, such as `Allow` on a 405. */
  headers?: Record<string, string>;
}

/**
 * The one place a failure becomes a response (S-21): JSON `{error, msg}`, the status from the
 * shared table, `WWW-Authenticate` on token failures, `Retry-After` when the failure says when to
 * try again, and no token, secret or stack in it.
 */
export function errorResponse(error: JotError, extras: ErrorResponseExtras = {}): Response {
  const body = { ...extras.body, error: error.code, msg: error.message } satisfies ErrorBody;
  const headers: Record<string, string> = { ...extras.headers, "content-type": "application/json;charset=utf-8" };
  if (error.retryAfterSeconds !== undefined) headers["retry-after"] = String(error.retryAfterSeconds);
  const challenge = wwwAuthenticate(error);
  if (challenge !== undefined) headers["www-authenticate"] = challenge;
  return new Response(JSON.stringify(body), { status: ERROR_CODES[error.code].status, headers });
}
