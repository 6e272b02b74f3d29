import type { ErrorCode } from "@jot/shared";

/**
 * Codes the SDK produces itself, for failures no server answered.
 * `network_error`: the request never got an answer (network down, timeout, aborted, `fetch` threw).
 * `passkey_cancelled`: the browser's passkey ceremony ended without a passkey: the user cancelled
 * it, it timed out, or this device has no passkey for the site (browsers do not tell these apart).
 * `passkey_failed`: the browser refused the ceremony otherwise (no WebAuthn, this authenticator
 * holds a passkey for the account already, an insecure page).
 *
 * @example
 * ```ts
 * const offline: ClientErrorCode = "network_error"; // always with status 0
 * ```
 */
export type ClientErrorCode = "network_error" | "passkey_cancelled" | "passkey_failed";

/**
 * The `code` of an {@link AuthError}: one of the server's codes, one of the SDK's own, or (from a
 * newer server) a code this version does not know, passed through as it is.
 *
 * `(string & {})` keeps the known codes in autocompletion while still accepting any string.
 *
 * @example
 * ```ts
 * function describe(code: AuthErrorCode): string {
 *   switch (code) {
 *     case "token_expired": return "Please sign in again";
 *     case "network_error": return "You seem to be offline";
 *     default: return `Failed (${code})`;
 *   }
 * }
 * ```
 */
export type AuthErrorCode = ErrorCode | ClientErrorCode | (string & {});

/**
 * What an {@link AuthError} is made of; one object so fields can be added without breaking callers.
 *
 * @example
 * ```ts
 * const init: AuthErrorInit = { code: "network_error", status: 0, msg: "The request got no answer" };
 * ```
 */
export interface AuthErrorInit {
  /** The server's `error` code, or `network_error` when no answer came. */
  code: AuthErrorCode;
  /** The HTTP status of the answer; `0` when there was none. */
  status: number;
  /** A human-readable message (the server's `msg` when it sent one). Never contains a token. */
  msg: string;
  /** The underlying failure (a ky error, the error `fetch` threw, …), for debugging. */
  cause?: unknown;
}

// A property, not `instanceof` alone: two copies of the SDK in one bundle each have their own
// class, and an error made by one must still be recognised by the other.
const BRAND = "__isJotAuthError";

/**
 * Every failure of the SDK: a server's `{error, msg}` answer, or a request that got no answer.
 *
 * Check with {@link isAuthError} rather than `instanceof` when the error may come from another
 * copy of the SDK.
 *
 * @example
 * ```ts
 * try {
 *   await auth.login({ username: "ada", password: "wrong" });
 * } catch (error) {
 *   if (isAuthError(error) && error.code === "bad_credentials") showWrongPassword();
 *   else throw error;
 * }
 * ```
 */
export class AuthError extends Error {
  override readonly name = "AuthError";
  /** The server's code, `network_error`, or an unknown code from a newer server, as sent. */
  readonly code: AuthErrorCode;
  /** The HTTP status; `0` when the request got no answer. */
  readonly status: number;
  /** The human-readable message (also `message`). */
  readonly msg: string;
  /** Brand read by {@link isAuthError}; survives duplicated bundles where `instanceof` does not. */
  protected readonly [BRAND] = true;

  constructor(init: AuthErrorInit) {
    super(init.msg, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status;
    this.msg = init.msg;
  }
}

/**
 * Whether `value` is an {@link AuthError}, from this copy of the SDK or any other.
 *
 * @example
 * ```ts
 * auth.api.get("protected").json().catch((error: unknown) => {
 *   if (isAuthError(error) && error.status === 0) showOffline();
 * });
 * ```
 */
export function isAuthError(value: unknown): value is AuthError {
  return (
    value instanceof AuthError ||
    (typeof value === "object" && value !== null && (value as Record<string, unknown>)[BRAND] === true)
  );
}
