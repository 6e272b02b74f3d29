// The answers to a revoked or an expired token, as `outcome` reports them: status, body and
// `WWW-Authenticate` challenge. Tests compare against these instead of spelling them out again.

/** `401 token_revoked`. */
export const REVOKED = {
  status: 401,
  body: { error: "token_revoked", msg: "Token has been revoked" },
  challenge: `Bearer realm="jot", error="invalid_token", error_description="Token has been revoked"`,
} as const;

/** `401 token_expired`. */
export const EXPIRED = {
  status: 401,
  body: { error: "token_expired", msg: "Token has expired" },
  challenge: `Bearer realm="jot", error="invalid_token", error_description="Token has expired"`,
} as const;
