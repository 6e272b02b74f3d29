/**
 * The error codes jot answers with, each with its HTTP status and default message.
 * This table is the only place a status is chosen for a failure.
 */
export const ERROR_CODES = {
  missing_token: { status: 401, msg: "Missing Authorization Header" },
  invalid_header: { status: 400, msg: "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'" },
  invalid_token: { status: 401, msg: "Invalid token" },
  token_expired: { status: 401, msg: "Token has expired" },
  token_not_yet_valid: { status: 401, msg: "Token is not yet valid" },
  token_revoked: { status: 401, msg: "Token has been revoked" },
  wrong_token_type: { status: 401, msg: "Only non-refresh tokens are allowed" },
  fresh_token_required: { status: 401, msg: "Fresh token required" },
  insufficient_user_authentication: { status: 401, msg: "A stronger sign-in is required" },
  csrf_failed: { status: 401, msg: "Missing CSRF token" },
  insufficient_scope: { status: 403, msg: "Insufficient scope" },
  missing_parameter: { status: 400, msg: "Missing parameter" },
  invalid_request: { status: 400, msg: "Invalid request" },
  bad_credentials: { status: 401, msg: "Bad username or password" },
  username_taken: { status: 409, msg: "Username already exists" },
  registration_closed: { status: 403, msg: "Registration is closed" },
  payload_too_large: { status: 413, msg: "Request body is too large" },
  method_not_allowed: { status: 405, msg: "Method not allowed" },
  rate_limited: { status: 429, msg: "Too many requests" },
  not_found: { status: 404, msg: "Not found" },
  user_not_found: { status: 401, msg: "User not found" },
  invalid_claims: { status: 400, msg: "User claims verification failed" },
  origin_refused: { status: 403, msg: "Origin not allowed" },
  account_disabled: { status: 403, msg: "Account is disabled" },
  overloaded: { status: 503, msg: "The server is too busy to check passwords now; try again shortly" },
  unknown_passkey: { status: 401, msg: "Unknown passkey" },
  store_unavailable: { status: 503, msg: "A store needed to answer could not be reached" },
  invalid_reset_token: { status: 400, msg: "The reset or verification token is wrong, used or expired" },
  email_taken: { status: 409, msg: "Email already in use" },
  invalid_code: { status: 401, msg: "Invalid or expired code" },
  internal_error: { status: 500, msg: "Internal server error" },
} as const satisfies Record<string, { status: number; msg: string }>;

/** A code from {@link ERROR_CODES}: the closed set this server answers with. */
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * The body of every error response.
 * @example { "error": "token_expired", "msg": "Token has expired" }
 */
export interface ErrorBody {
  error: ErrorCode;
  msg: string;
}

/** Whether `code` is one this version knows (a newer server may send others). */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === "string" && Object.hasOwn(ERROR_CODES, code);
}
