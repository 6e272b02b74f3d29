import type { RefreshClaims, TokenPair } from "@jot/shared";
import type { Config } from "../config/config.ts";
import type { IssuedToken, TokenIssuer, TokenSubject } from "../tokens/issue-token.ts";
import { tokenCookies } from "./token-cookies.ts";

/** What a login or refresh answers with. */
export interface TokenAnswer {
  /** The refresh token to hand out, with its claims. */
  refresh: IssuedToken<RefreshClaims>;
  fresh: boolean;
  /** The session's absolute expiry (seconds): the access token never outlives it. */
  sessionExpiresAt: number;
}

/**
 * The one place a login or refresh answer is made: a new access token beside the refresh token.
 * When `cookies` is a token location, both also go into cookies (HttpOnly) with their CSRF values (readable).
 */
export async function tokenPair(
  tokens: TokenIssuer,
  subject: TokenSubject,
  answer: TokenAnswer,
  cookies: { config: Config; set: { headers: Record<string, unknown> }; nowSeconds: number },
): Promise<TokenPair> {
  const access = await tokens.access(subject, { fresh: answer.fresh, expiresAt: answer.sessionExpiresAt });
  if (cookies.config.jwt.tokenLocations.includes("cookies")) {
    const csrfOf = (claims: { csrf?: string | undefined }) => claims.csrf ?? "";
    cookies.set.headers["set-cookie"] = tokenCookies(
      { token: access.token, csrf: csrfOf(access.claims), exp: access.claims.exp },
      { token: answer.refresh.token, csrf: csrfOf(answer.refresh.claims), exp: answer.refresh.claims.exp },
      cookies.nowSeconds,
      cookies.config.jwt.cookies,
    );
  }
  return {
    access_token: access.token,
    refresh_token: answer.refresh.token,
    token_type: "Bearer",
    expires_in: access.claims.exp - access.claims.iat,
  };
}
