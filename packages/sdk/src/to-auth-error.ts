import { ERROR_CODES, isErrorCode, type ErrorCode } from "@jot/shared";
import { isForceRetryError, isHTTPError, isTimeoutError } from "ky";
import { AuthError, isAuthError } from "./auth-error.ts";

// The only file that turns HTTP outcomes into AuthError: every path of the SDK (its own calls and
// `auth.api` through ky's beforeError hook) ends here, so a code or status is decided in one place.

/**
 * Turns any failure of a request into an {@link AuthError}.
 *
 * - an `AuthError` is returned as it is;
 * - a ky `HTTPError` becomes the server's `{error, msg}` (see {@link authErrorFromAnswer});
 * - a forced retry that could not happen (ky's `retry.limit` reached) gives back the error that asked for it;
 * - anything else was thrown before an answer arrived (network down, timeout, abort, a `fetch`
 *   that threw): `network_error`, status `0`, with the original as `cause`.
 *
 * @example
 * ```ts
 * try {
 *   await ky.get("https://jot.example/health");
 * } catch (error) {
 *   const authError = toAuthError(error); // e.g. { code: "network_error", status: 0 }
 * }
 * ```
 */
export function toAuthError(error: unknown): AuthError {
  if (isAuthError(error)) return error;
  if (isHTTPError(error)) return authErrorFromAnswer(error.response.status, error.data, error);
  if (isForceRetryError(error) && isAuthError(error.cause)) return error.cause;
  return new AuthError({
    code: "network_error",
    status: 0,
    msg: isTimeoutError(error) ? "The request timed out" : "The request got no answer",
    cause: error,
  });
}

/**
 * The {@link AuthError} for an error answer with `status` and `body` (parsed JSON, raw text, or
 * `undefined`).
 *
 * A `{error, msg}` body gives its code as sent, even one this version does not know. A body that
 * is not one (HTML from a proxy, empty, garbage) gives the code the status alone means in
 * `ERROR_CODES` when only one code has that status, else `internal_error`; the status is always kept.
 *
 * @example
 * ```ts
 * authErrorFromAnswer(401, { error: "token_expired", msg: "Token has expired" }).code; // "token_expired"
 * authErrorFromAnswer(429, "<html>slow down</html>").code;                            // "rate_limited"
 * authErrorFromAnswer(502, undefined);                     // { code: "internal_error", status: 502 }
 * ```
 */
export function authErrorFromAnswer(status: number, body: unknown, cause?: unknown): AuthError {
  const parsed = typeof body === "string" ? parseJson(body) : body;
  if (isRecord(parsed) && typeof parsed.error === "string" && parsed.error !== "") {
    const code = parsed.error;
    const msg = typeof parsed.msg === "string" && parsed.msg !== "" ? parsed.msg : defaultMsg(code, status);
    return new AuthError({ code, status, msg, cause });
  }
  const code = codeForStatus(status);
  return new AuthError({ code, status, msg: defaultMsg(code, status), cause });
}

/**
 * Reads an error `response`'s body and gives its {@link AuthError}; a body that cannot be read
 * counts as no body.
 *
 * @example
 * ```ts
 * const error = await authErrorFromResponse(new Response('{"error":"token_expired","msg":"Token has expired"}', { status: 401 }));
 * error.code; // "token_expired"
 * ```
 */
export async function authErrorFromResponse(response: Response): Promise<AuthError> {
  let text: string | undefined;
  try {
    text = await response.text();
  } catch {
    text = undefined;
  }
  return authErrorFromAnswer(response.status, text);
}

/**
 * Reads a successful `response`'s body as JSON; a body that is not JSON rejects with
 * {@link malformedAnswerError} rather than a bare `SyntaxError`.
 *
 * @example
 * ```ts
 * const body = await readJsonAnswer(await http.get("auth/me")); // unknown, to be checked
 * ```
 */
export async function readJsonAnswer(response: Response): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    // The body stream broke after the status line arrived: the answer never fully came.
    throw toAuthError(error);
  }
  const parsed = parseJson(text);
  if (parsed === undefined) throw malformedAnswerError(response.status);
  return parsed;
}

/**
 * The error for a successful answer whose body is not what the contract promises (not JSON, or
 * missing fields): `internal_error` with the answer's real status, since the server misbehaved.
 *
 * @example
 * ```ts
 * if (!isTokenPair(body)) throw malformedAnswerError(200); // { code: "internal_error", status: 200 }
 * ```
 */
export function malformedAnswerError(status: number): AuthError {
  return new AuthError({ code: "internal_error", status, msg: "The server's answer is malformed" });
}

// Statuses that only one code of the shared table uses: those say what went wrong even without a
// body. Derived from the table so a new code cannot silently make a status ambiguous.
const CODE_BY_UNIQUE_STATUS: ReadonlyMap<number, ErrorCode> = (() => {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const [code, { status }] of Object.entries(ERROR_CODES) as [ErrorCode, { status: number }][]) {
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const unique = new Map<number, ErrorCode>();
  for (const [status, codes] of byStatus) {
    const [only] = codes;
    if (codes.length === 1 && only !== undefined) unique.set(status, only);
  }
  return unique;
})();

function codeForStatus(status: number): ErrorCode {
  return CODE_BY_UNIQUE_STATUS.get(status) ?? "internal_error";
}

function defaultMsg(code: string, status: number): string {
  // internal_error is also the catch-all for statuses that mean nothing by themselves, so say which one.
  if (isErrorCode(code) && code !== "internal_error") return ERROR_CODES[code].msg;
  return `Unexpected answer (HTTP ${status})`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
