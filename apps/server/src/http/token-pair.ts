import type { AccessClaims, CookieSession, RefreshClaims, TokenPair } from "@jot/shared";
import type { Config } from "../config/config.ts";
import type { IssuedToken, TokenIssuer, TokenSubject } from "@jot/elysia/server";
import type { TokenDelivery } from "./token-delivery.ts";
import { tokenCookies } from "./token-cookies.ts";

/** What a login or refresh answers with: the session's new tokens, with their claims. */
export interface TokenAnswer {
  access: IssuedToken<AccessClaims>;
  refresh: IssuedToken<RefreshClaims>;
}

/** Whom the tokens are for, as a cookie session's body shows them. */
export interface TokenHolder {
  id: string;
  username: string;
  roles: readonly string[];
}

/** Where and how the answer goes out. */
export interface TokenResponse {
  config: Config;
  set: { headers: Record<string, unknown> };
  nowSeconds: number;
  /** See {@link TokenDelivery}. */
  delivery: TokenDelivery;
}

/**
 * The one place a login or refresh answer is made: the access token beside the refresh token. Delivered in
 * cookies, both tokens go into HttpOnly cookies with their CSRF values in readable ones, and the
 * body is a {@link CookieSession} carrying no token (S-23).
 */
export function tokenPair(holder: TokenHolder, answer: TokenAnswer, response: TokenResponse): TokenPair | CookieSession {
  const { access } = answer;
  const expiresIn = access.claims.exp - access.claims.iat;
  if (response.delivery !== "body") {
    const csrfOf = (claims: { csrf?: string | undefined }) => claims.csrf ?? "";
    response.set.headers["set-cookie"] = tokenCookies(
      { token: access.token, csrf: csrfOf(access.claims), exp: access.claims.exp },
      { token: answer.refresh.token, csrf: csrfOf(answer.refresh.claims), exp: answer.refresh.claims.exp },
      response.nowSeconds,
      response.config.jwt.cookies,
    );
  }
  if (response.delivery === "cookies") {
    const user = { id: holder.id, username: holder.username, roles: [...holder.roles] };
    return { token_type: "Bearer", expires_in: expiresIn, user, claims: withoutCsrf(access.claims) };
  }
  return { access_token: access.token, refresh_token: answer.refresh.token, token_type: "Bearer", expires_in: expiresIn };
}

// The CSRF value is the page's to read from its cookie; the body need not repeat it.
function withoutCsrf({ csrf: _csrf, ...claims }: AccessClaims): AccessClaims {
  return claims;
}
