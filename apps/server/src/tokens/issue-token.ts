import type { AccessClaims, RefreshClaims } from "@jot/shared";
import type { Clock } from "../clock.ts";
import { encodeBase64Url } from "./base64url.ts";
import { tokenHeader, type TokenSettings } from "./token-settings.ts";

/** Who a token is for and which login session it belongs to. */
export interface TokenSubject {
  userId: string;
  username: string;
  roles: string[];
  /** The login session (refresh family) id. */
  sessionId: string;
}

/** A signed token with the claims it carries. */
export interface IssuedToken<Claims> {
  token: string;
  claims: Claims;
}

/** Signs access and refresh tokens with the configured key. */
export interface TokenIssuer {
  /** `expiresAt` (seconds) caps the token's lifetime at its session's absolute expiry. */
  access(subject: TokenSubject, options: { fresh: boolean; extra?: Record<string, unknown>; expiresAt?: number }): IssuedToken<AccessClaims>;
  /**
   * `expiresAt` (seconds) caps the token's lifetime at its session's absolute expiry.
   * `same` signs again the token with that `jti`, `iat` and `exp`: the same claims give the same token.
   */
  refresh(subject: TokenSubject, options?: { expiresAt?: number; same?: { jti: string; iat: number; exp: number } }): IssuedToken<RefreshClaims>;
}

export function createTokenIssuer(settings: TokenSettings, clock: Clock): TokenIssuer {
  const headerSegment = encodeBase64Url(JSON.stringify(tokenHeader(settings)));
  const sign = <Claims extends object>(claims: Claims): IssuedToken<Claims> => {
    const signingInput = `${headerSegment}.${encodeBase64Url(JSON.stringify(claims))}`;
    return { token: `${signingInput}.${settings.key.sign(signingInput)}`, claims };
  };
  const registered = (subject: TokenSubject, lifetimeSeconds: number, expiresAt?: number, same?: { jti: string; iat: number; exp: number }) => {
    const iat = same?.iat ?? Math.floor(clock() / 1000);
    const exp = same?.exp ?? Math.min(iat + lifetimeSeconds, expiresAt ?? Number.POSITIVE_INFINITY);
    return {
      jti: same?.jti ?? crypto.randomUUID(),
      sub: subject.userId,
      iat,
      nbf: iat,
      exp,
      sid: subject.sessionId,
      username: subject.username,
      roles: subject.roles,
      ...(settings.csrfClaims ? { csrf: crypto.randomUUID() } : {}),
      ...(settings.issuer === undefined ? {} : { iss: settings.issuer }),
      ...(settings.audience === undefined ? {} : { aud: settings.audience }),
    };
  };

  return {
    access(subject, { fresh, extra = {}, expiresAt }) {
      // Additional claims go first so they can never overwrite a registered claim.
      return sign<AccessClaims>({ ...extra, ...registered(subject, settings.accessTtlSeconds, expiresAt), type: "access", fresh });
    },
    refresh(subject, options = {}) {
      return sign<RefreshClaims>({ ...registered(subject, settings.refreshTtlSeconds, options.expiresAt, options.same), type: "refresh" });
    },
  };
}
