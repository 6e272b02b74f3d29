import type { TokenPair } from "@jot/shared";
import type { TokenIssuer, TokenSubject } from "../tokens/issue-token.ts";

/**
 * The body of a login or refresh: a new access token beside the given refresh token. The access
 * token never outlives its session (`sessionExpiresAt`, seconds), so neither do the revocations
 * that cover it.
 */
export function tokenPair(tokens: TokenIssuer, subject: TokenSubject, fresh: boolean, refreshToken: string, sessionExpiresAt: number): TokenPair {
  const access = tokens.access(subject, { fresh, expiresAt: sessionExpiresAt });
  return {
    access_token: access.token,
    refresh_token: refreshToken,
    token_type: "Bearer",
    expires_in: access.claims.exp - access.claims.iat,
  };
}
