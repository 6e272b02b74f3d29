import type { AccessClaims, RefreshClaims } from "@jot/shared";
import type { Clock } from "../clock.ts";
import { decodeJsonObjectSegment } from "./base64url.ts";
import type { TokenSettings } from "./token-settings.ts";

/** Who a token is for and, for the standalone server's tokens, their name and login session. */
export interface TokenSubject {
  /** The identity: the token's `sub`. */
  userId: string;
  roles: readonly string[];
  /** Put into the token as `username` when given. */
  username?: string | undefined;
  /** The login session (refresh family) id, `sid`; absent on tokens minted outside a session. */
  sessionId?: string | undefined;
}

/** A signed token with the claims it carries. */
export interface IssuedToken<Claims> {
  token: string;
  claims: Claims;
}

/** What every issued token may be given besides its subject. */
export interface IssueOptions {
  /** Claims of the app's own; never overwrite a registered claim (checked by the caller). */
  additionalClaims?: Record<string, unknown> | undefined;
  /** Lifetime in seconds instead of the configured one. */
  lifetimeSeconds?: number | undefined;
  /** Caps `exp` (seconds): a token never outlives its session. */
  expiresAt?: number | undefined;
}

/** Signs access and refresh tokens with the configured key. */
export interface TokenIssuer {
  access(subject: TokenSubject, options: IssueOptions & { fresh: boolean }): Promise<IssuedToken<AccessClaims>>;
  /** `same` signs again the token with that `jti` and `exp` (the session's current refresh token). */
  refresh(subject: TokenSubject, options?: IssueOptions & { same?: { jti: string; exp: number } }): Promise<IssuedToken<RefreshClaims>>;
}

/** How many times a token is signed again when a second boundary fell between the clock and the signature. */
const SIGNING_ATTEMPTS = 2;

export function createTokenIssuer(settings: TokenSettings, clock: Clock): TokenIssuer {
  const signClaims = settings.key.signClaims;

  /**
   * `@elysiajs/jwt` stamps `iat` from the wall clock, whatever it is given. jot's times come from
   * its clock, so the signed `iat` is read back: a second boundary crossed in between is signed
   * again; a clock that is not the wall clock is a configuration error, never a token whose
   * `iat` disagrees with its `nbf`.
   */
  async function sign<Claims extends { iat: number }>(build: (iat: number) => Omit<Claims, "iat">): Promise<IssuedToken<Claims>> {
    if (!signClaims) throw new TypeError("this key only verifies: configure a secret or a private key to issue tokens");
    for (let attempt = 0; attempt < SIGNING_ATTEMPTS; attempt++) {
      const iat = Math.floor(clock() / 1000);
      const unsigned = build(iat);
      const token = await signClaims(unsigned);
      if (signedIssuedAt(token) === iat) return { token, claims: { ...unsigned, iat } as Claims };
    }
    throw new Error("the clock tokens are issued with disagrees with the wall clock @elysiajs/jwt stamps iat from");
  }

  const registered = (subject: TokenSubject, iat: number, lifetimeSeconds: number, options: IssueOptions) => ({
    // Additional claims go first so they can never overwrite a registered claim.
    ...options.additionalClaims,
    jti: crypto.randomUUID(),
    sub: subject.userId,
    ...(subject.sessionId === undefined ? {} : { sid: subject.sessionId }),
    ...(subject.username === undefined ? {} : { username: subject.username }),
    roles: [...subject.roles],
    ...(settings.csrfClaims ? { csrf: crypto.randomUUID() } : {}),
    ...(settings.issuer === undefined ? {} : { iss: settings.issuer }),
    ...(settings.audience === undefined ? {} : { aud: settings.audience }),
    nbf: iat,
    exp: Math.min(iat + (options.lifetimeSeconds ?? lifetimeSeconds), options.expiresAt ?? Number.POSITIVE_INFINITY),
  });

  return {
    access(subject, options) {
      return sign<AccessClaims>((iat) => ({ ...registered(subject, iat, settings.accessTtlSeconds, options), type: "access", fresh: options.fresh }));
    },
    refresh(subject, options = {}) {
      return sign<RefreshClaims>((iat) => ({
        ...registered(subject, iat, settings.refreshTtlSeconds, options),
        ...options.same,
        type: "refresh",
      }));
    },
  };
}

/** The `iat` a freshly signed token carries. */
function signedIssuedAt(token: string): unknown {
  const payload = decodeJsonObjectSegment(token.slice(token.indexOf(".") + 1, token.lastIndexOf(".")));
  return payload?.iat;
}
