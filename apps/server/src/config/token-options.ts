import { createHmacKey, isHmacAlgorithm, type JotOptions, type SigningKey } from "@jot/elysia/server";
import type { Config } from "./config.ts";

/** The key a settled config signs with: its key pair, else its HMAC secret's key. */
export function configuredKey(config: Config): SigningKey {
  if (config.jwt.signingKey) return config.jwt.signingKey;
  if (!isHmacAlgorithm(config.jwt.algorithm) || !config.jwt.secret) {
    throw new TypeError("config.jwt.secret is not set: settleSigningSecret(config) finds or makes the development key");
  }
  return createHmacKey(config.jwt.algorithm, config.jwt.secret);
}

/**
 * The config's token and session settings as `jot()` options, as they are: the one way the server
 * hands them to the library, which alone turns them into the settings tokens are issued and verified
 * with (the CSRF claim included, from the locations), into the session policy and into the
 * lifetime of one-time (reset and verification) tokens.
 */
export function configuredTokenOptions({ jwt, passwordReset }: Config) {
  return {
    previousKeys: jwt.previousKeys,
    accessExpires: jwt.accessTtlSeconds,
    refreshExpires: jwt.refreshTtlSeconds,
    tokenLocation: jwt.tokenLocations,
    issuer: jwt.issuer,
    audience: jwt.audience,
    leeway: jwt.leewaySeconds,
    refreshReuseGrace: jwt.refreshReuseGraceSeconds,
    maxSessions: jwt.maxSessions,
    sessionIdleTimeout: jwt.sessionIdleTimeoutSeconds,
    verifiedCacheSize: jwt.verifiedCacheSize,
    secureCookies: jwt.cookies.secure,
    // Password-reset and email-verification tokens (S-32).
    oneTimeTokenExpires: passwordReset.ttlSeconds,
  } satisfies JotOptions;
}
