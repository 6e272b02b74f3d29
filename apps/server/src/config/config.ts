import type { Algorithm, RelyingParty, SigningKey, TokenLocation } from "@jot/elysia/server";
import type { TrustedProxies } from "../http/trusted-proxies.ts";
import type { PasswordWorkLimits } from "../users/password-work-queue.ts";

export type { TokenLocation } from "@jot/elysia";

/** Everything the server is configured with, parsed and checked. */
export interface Config {
  port: number;
  /** Interface to listen on; `undefined` means all interfaces. */
  host: string | undefined;
  production: boolean;
  jwt: {
    algorithm: Algorithm;
    /**
     * The HMAC secret (HS* only). `undefined` in development when none is set: a generated key
     * is used (see `dev-secret.ts`).
     */
    secret: Uint8Array | undefined;
    /** The checked key pair (RS256, ES256, EdDSA only), from `JWT_PRIVATE_KEY` / `JWT_PUBLIC_KEY`. */
    signingKey: SigningKey | undefined;
    /** Keys rotated out (`JWT_PREVIOUS_SECRET_KEYS` / `JWT_PREVIOUS_PUBLIC_KEYS`): they only verify. */
    previousKeys: SigningKey[];
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
    refreshReuseGraceSeconds: number;
    /** Live sessions (logins) per user; the oldest ends when a login would exceed it. */
    maxSessions: number;
    /** A session unused this long (seconds) cannot refresh; `undefined`: no idle limit. */
    sessionIdleTimeoutSeconds: number | undefined;
    leewaySeconds: number;
    issuer: string | undefined;
    audience: string | undefined;
    tokenLocations: TokenLocation[];
    /** How token cookies are set, when `cookies` is a token location. */
    cookies: { secure: boolean; sameSite: "Strict" | "Lax" | "None" };
    /** How many verified tokens the guard remembers, so a token reused is not re-verified; 0 turns it off. */
    verifiedCacheSize: number;
  };
  databaseUrl: string;
  /** SQLite only: whether each commit is synced to disk (`full`) or at checkpoints (`normal`). */
  sqliteSynchronous: "normal" | "full";
  redisUrl: string | undefined;
  /** Prefix of every Redis key and channel, so deployments can share one Redis. */
  redisKeyPrefix: string;
  registration: "open" | "closed";
  /** Throttling of guessing (S-17): failures (or, for registration, attempts) per window. */
  throttle: {
    windowMs: number;
    loginFailuresPerAccount: number;
    loginFailuresPerAddress: number;
    /** Failed logins per network around the client (S-33): an IPv4 /24, an IPv6 /56. */
    loginFailuresPerNetwork: number;
    /** Failed logins per IPv6 /48 around the client (S-33). */
    loginFailuresPerSite: number;
    /** Logins per account per window, successful ones too: each costs an argon2id verify and starts a session. */
    loginsPerAccount: number;
    /** Logins per client address per window, successful ones too. */
    loginsPerAddress: number;
    refreshFailuresPerAddress: number;
    registrationsPerAddress: number;
    /** Password-reset and verification requests per account per window (each sends a message). */
    oneTimeTokensPerAccount: number;
    /** Password-reset and verification requests per client address per window. */
    oneTimeTokensPerAddress: number;
    /** Wrong, used or expired reset and verification tokens per client address per window. */
    oneTimeTokenFailuresPerAddress: number;
    /** Proxies in front whose `X-Forwarded-For` entries are believed (`TRUST_PROXY`); none reads the socket address. */
    trustedProxies: TrustedProxies;
  };
  /** Browser origins allowed to call jot (CORS); empty means CORS is off. */
  corsOrigins: string[];
  /** The relying party of passkeys (`WEBAUTHN_*`, S-34); `undefined` when passkeys are off (production with nothing to derive it from). */
  webauthn: RelyingParty | undefined;
  /** Password hashing per instance (S-27): `PASSWORD_HASH_CONCURRENCY`, `PASSWORD_HASH_QUEUE`. */
  passwordWork: PasswordWorkLimits;
  /** Requests with a larger body are answered 413 (S-18). */
  maxBodyBytes: number;
  /** `GET /openapi.json` is always served; the `/docs` reference page only when `docsPage` (`OPENAPI`). */
  openapi: { docsPage: boolean };
  /** Prometheus text at `GET /metrics` when `enabled` (`METRICS`); behind `token` as a bearer token when set (`METRICS_TOKEN`). */
  metrics: { enabled: boolean; token: string | undefined };
  /**
   * Password resets and email verifications (S-32): how long a token works, and where it is
   * delivered, first configured first: the webhook, else mail, else (development only) stderr.
   */
  passwordReset: {
    ttlSeconds: number;
    /** `PASSWORD_RESET_WEBHOOK`; signed with `PASSWORD_RESET_WEBHOOK_SECRET` when that is set (required in production). */
    webhook: { url: string; secret: string | undefined } | undefined;
    /** `SMTP_URL` and `MAIL_FROM`. */
    smtp: { url: string; from: string } | undefined;
    /** Development with neither: one stderr line per token. */
    stderr: boolean;
  };
  /** The TOTP second factor. */
  mfa: {
    /** The issuer name authenticator apps show (`MFA_ISSUER`). */
    issuer: string;
    /**
     * What TOTP secrets are encrypted with at rest (`MFA_ENCRYPTION_KEY`, at least 32 bytes).
     * `undefined` in development when none is set: a generated key is used (see `settle-mfa-key.ts`).
     */
    encryptionKey: Uint8Array | undefined;
  };
  /** Lines to print at start: safe in development, worth knowing about. */
  warnings: string[];
}
