import type { AccessClaims, RefreshClaims } from "@jot/shared";
import { systemClock, type Clock } from "../clock.ts";
import type { ErrorLog } from "../logging/error-log.ts";
import type { TokenLocation } from "../token-location.ts";
import { checkDuration } from "../duration.ts";
import type { JotError } from "../errors/jot-error.ts";
import type { RevocationStore } from "../revocation/revocation-store.ts";
import type { SessionStore } from "../sessions/session-store.ts";
import type { OneTimeTokenStore } from "../one-time/one-time-token-store.ts";
import type { DeliverOneTimeToken } from "../one-time/one-time-tokens.ts";
import { HMAC_ALGORITHMS, hmacSecretProblem, isAsymmetricAlgorithm, type AsymmetricAlgorithm, type HmacAlgorithm } from "../tokens/algorithms.ts";
import { createAsymmetricKey, KeyPairError } from "../tokens/asymmetric-key.ts";
import { createKeySetKey } from "../tokens/key-set.ts";
import { createHmacKey, type SigningKey } from "../tokens/signing-key.ts";

/** A duration: whole seconds, or text such as `90s`, `15m`, `12h`, `30d`. */
export type Duration = number | string;

/** An asymmetric key pair as PEM text; without `privateKey` it only verifies. */
export interface JotKeyPair {
  algorithm: AsymmetricAlgorithm;
  privateKey?: string;
  publicKey: string;
}

/**
 * Verify-only: the keys published at a JWKS URL (a jot server's `/.well-known/jwks.json`), fetched
 * when first needed and again every 5 minutes (for an unknown `kid`, at most every 30 s). A key
 * dropped from the set stops its tokens at the next fetch; a JWKS that cannot be fetched answers
 * 503 `store_unavailable`.
 */
export interface JotKeySet {
  algorithm: AsymmetricAlgorithm;
  /** `https://` only; `http://` only to localhost, 127.0.0.0/8 or [::1] (a `TypeError` otherwise). */
  jwksUrl: string;
}

/** What the error hook is given: jot's refusal and the response jot would send. */
export interface JotErrorContext {
  error: JotError;
  response: Response;
  request: Request;
}

/** Claims as a guarded handler sees them: access or refresh claims with the app's additional claims. */
export type JotClaims<Extra extends object = Record<string, unknown>> = (AccessClaims | RefreshClaims) & Extra & { fresh?: boolean };

/**
 * Options of {@link jot}: what Flask-JWT-Extended's `JWTManager` and its `JWT_*` settings configure.
 * Every option is checked when `jot()` is called: a mistake throws there, never on a request.
 */
export interface JotOptions<Extra extends object = Record<string, unknown>, User = null> {
  /**
   * The key: an HMAC secret (its UTF-8 bytes, or raw bytes; at least 32 for HS256), or an asymmetric
   * pair (PEM). A pair with only `publicKey`, or a `jwksUrl`, verifies another server's tokens and issues none.
   */
  secret?: string | Uint8Array | JotKeyPair | JotKeySet;
  /** A key made beforehand (`createHmacKey`, `createAsymmetricKey`), instead of `secret`. */
  key?: SigningKey;
  /**
   * Keys rotated out (`createHmacKey`, or `createAsymmetricKey(algorithm, undefined, publicPem)`):
   * they verify the tokens they signed, named by `kid`, until those expire, and sign nothing.
   */
  previousKeys?: readonly SigningKey[];
  /** The HMAC algorithm for a `secret` string or bytes. @default "HS256" */
  algorithm?: HmacAlgorithm;
  /** @default "15m" */
  accessExpires?: Duration;
  /** @default "30d" */
  refreshExpires?: Duration;
  /** Where tokens are read, in order; nowhere else (S-22). @default ["headers"] */
  tokenLocation?: TokenLocation[];
  /** Put into every token and required on every token. */
  issuer?: string;
  /** Put into every token and required on every token. */
  audience?: string;
  /** Clock skew allowed on `exp`, `nbf` and `iat` (at most {@link MAX_LEEWAY_SECONDS}, 300 s). @default 0 */
  leeway?: Duration;
  /**
   * Tokens issued (`iat`) longer ago than this are refused, 401 `token_expired` ("Token is too
   * old"), whatever their `exp` says: for an app that verifies another issuer's tokens and will not
   * take that issuer's word on lifetimes. @default no limit
   */
  maxTokenAge?: Duration;
  /**
   * Where revocations and login sessions (the refresh families of `createTokens`) live.
   * @default in memory, this process only
   */
  stores?: { revocations?: RevocationStore; sessions?: SessionStore; oneTimeTokens?: OneTimeTokenStore };
  /**
   * Sends a one-time token (`auth.oneTimeTokens.issue`: a password reset, an email verification) to
   * its user: `{ kind, user, token, expiresAt }`. Called after `issue` has answered and never awaited
   * by it; a delivery that throws is logged (`delivery_error`), never answered.
   * @default none: `issue` answers the token and the app sends it
   */
  deliver?: DeliverOneTimeToken;
  /** How long a one-time token works. @default "15m" */
  oneTimeTokenExpires?: Duration;
  /**
   * How long a rotated-out refresh token is honoured once more (two tabs refreshing at once); after
   * that, presenting it is reuse and ends its session. @default "10s"
   */
  refreshReuseGrace?: Duration;
  /** Live sessions per identity: starting one more ends the oldest. @default 10 */
  maxSessions?: number;
  /** A session not refreshed for this long ends at its next refresh. @default none */
  sessionIdleTimeout?: Duration;
  /** Milliseconds since the epoch. @default Date.now */
  clock?: Clock;
  /** How many verified tokens are remembered; 0 turns the cache off. */
  verifiedCacheSize?: number;
  /** Claims a token must carry to be accepted, besides the registered ones (missing → 401 `invalid_token`). */
  requiredClaims?: readonly string[];
  /** Token cookies are Secure: only their `__Host-` / `__Secure-` names are read (S-23). @default false */
  secureCookies?: boolean;
  /** Give every token a `csrf` claim for cookie transport's double-submit check. @default when `cookies` is a location */
  csrfClaims?: boolean;
  // Every hook fails closed (S-30): one that throws refuses the request with 500 `internal_error`
  // (503 `store_unavailable` for isRevoked), its error logged as `hook_error`, never answered; a
  // `JotError` it throws is answered as it is.
  /** `additional_claims_loader`: claims added to every token issued for `identity`; explicit ones win. */
  additionalClaims?: (identity: string) => Extra | Promise<Extra>;
  /** `user_lookup_loader`: the `user` a handler gets; anything but an object (`null`, `false`, …) answers 401 `user_not_found`. */
  userLookup?: (claims: JotClaims<Extra>) => User | null | Promise<User | null>;
  /** `token_in_blocklist_loader`, asked after jot's own revocation store: only `false` lets the token through, anything else answers 401 `token_revoked`. */
  isRevoked?: (claims: JotClaims<Extra>) => boolean | Promise<boolean>;
  /** `token_verification_loader`: only `true` lets the token through, anything else answers 400 `invalid_claims`. */
  verifyClaims?: (claims: JotClaims<Extra>) => boolean | Promise<boolean>;
  /**
   * May answer another error response (status 400 or above) for a refusal of this instance's guard
   * or on this instance's routes; anything else is ignored.
   */
  onError?: (context: JotErrorContext) => Response | undefined | void;
  /**
   * Where failures are reported: a store failure met in the guard (`store_error`), a hook that threw
   * (`hook_error`), a failure of `createAccessToken` / `createRefreshToken` in a handler
   * (`internal_error`). @default JSON lines on stdout
   */
  logError?: ErrorLog;
}

/** Longest clock skew accepted: more would keep expired tokens alive (S-8). */
export const MAX_LEEWAY_SECONDS = 300;

/** Seconds of a {@link Duration}; throws a `TypeError` naming the option. */
export function durationSeconds(name: string, value: Duration | undefined, fallback: number, minimum = 1): number {
  if (value === undefined) return fallback;
  const checked = checkDuration(value, { min: minimum });
  if ("problem" in checked) throw new TypeError(`${name}: ${checked.problem}`);
  return checked.seconds;
}

/** The key an option set names; throws a `TypeError` when there is none or it is unfit. */
export function keyOf(options: Pick<JotOptions, "secret" | "key" | "algorithm" | "clock">): SigningKey {
  if (options.key) return options.key;
  const { secret } = options;
  if (secret === undefined || secret === "") throw new TypeError("jot(): a secret (or key pair) is required");
  if (typeof secret === "object" && !(secret instanceof Uint8Array)) {
    if (!isAsymmetricAlgorithm(secret.algorithm)) throw new TypeError(`jot(): unknown key pair algorithm ${JSON.stringify(secret.algorithm)}`);
    try {
      if ("jwksUrl" in secret) return createKeySetKey(secret.algorithm, secret.jwksUrl, options.clock ?? systemClock);
      return createAsymmetricKey(secret.algorithm, secret.privateKey, secret.publicKey);
    } catch (error) {
      if (error instanceof KeyPairError) throw new TypeError(`jot(): ${error.message}`);
      throw error;
    }
  }
  const algorithm = options.algorithm ?? "HS256";
  if (!Object.hasOwn(HMAC_ALGORITHMS, algorithm)) throw new TypeError(`jot(): unknown HMAC algorithm ${JSON.stringify(algorithm)}`);
  const bytes = typeof secret === "string" ? new TextEncoder().encode(secret) : secret;
  const problem = hmacSecretProblem(algorithm, bytes);
  if (problem) throw new TypeError(`jot(): the secret ${problem}`);
  return createHmacKey(algorithm, bytes);
}
