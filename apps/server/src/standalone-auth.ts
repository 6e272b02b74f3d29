import type { PublicUser } from "@jot/shared";
import {
  type Clock,
  cookieTransport,
  createHmacKey,
  type DeliverOneTimeToken,
  type ErrorLog,
  isHmacAlgorithm,
  jot,
  type OneTimeTokenStore,
  type RevocationStore,
  type SessionStore,
  type SigningKey,
  type TokenSettings,
} from "@jot/elysia/server";
import type { Config } from "./config/config.ts";

function signingKeyOf(config: Config): SigningKey {
  if (config.jwt.signingKey) return config.jwt.signingKey;
  if (!isHmacAlgorithm(config.jwt.algorithm) || !config.jwt.secret) {
    throw new TypeError("config.jwt.secret must be set before the app is built");
  }
  return createHmacKey(config.jwt.algorithm, config.jwt.secret);
}

/** The token settings a config describes. */
export function tokenSettings(config: Config): TokenSettings {
  return {
    key: signingKeyOf(config),
    previousKeys: config.jwt.previousKeys,
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    leewaySeconds: config.jwt.leewaySeconds,
    accessTtlSeconds: config.jwt.accessTtlSeconds,
    refreshTtlSeconds: config.jwt.refreshTtlSeconds,
    csrfClaims: cookieTransport(config.jwt.tokenLocations),
  };
}

/** Claims every token of the standalone server carries: it issues tokens only from a login session. */
export interface SessionClaims {
  sid: string;
  username: string;
}

/**
 * The standalone server's guard and issuer: the public `jot()` plugin on the configured key and
 * stores. Its tokens always name their login session and user; a token without them (minted by
 * another app with the same key) is refused here, since every auth route works on a session.
 */
export function standaloneAuth(
  config: Config,
  deps: { clock: Clock; revocations: RevocationStore; sessions: SessionStore; oneTimeTokens?: OneTimeTokenStore; deliver?: DeliverOneTimeToken },
  logError: ErrorLog,
) {
  const settings = tokenSettings(config);
  return jot<SessionClaims, PublicUser>({
    key: settings.key,
    previousKeys: settings.previousKeys ?? [],
    accessExpires: settings.accessTtlSeconds,
    refreshExpires: settings.refreshTtlSeconds,
    tokenLocation: config.jwt.tokenLocations,
    ...(settings.issuer === undefined ? {} : { issuer: settings.issuer }),
    ...(settings.audience === undefined ? {} : { audience: settings.audience }),
    leeway: settings.leewaySeconds,
    stores: { revocations: deps.revocations, sessions: deps.sessions, ...(deps.oneTimeTokens ? { oneTimeTokens: deps.oneTimeTokens } : {}) },
    // Reset and verification tokens: the library's, delivered by the configured channel.
    oneTimeTokenExpires: config.passwordReset.ttlSeconds,
    ...(deps.deliver ? { deliver: deps.deliver } : {}),
    refreshReuseGrace: config.jwt.refreshReuseGraceSeconds,
    maxSessions: config.jwt.maxSessions,
    ...(config.jwt.sessionIdleTimeoutSeconds === undefined ? {} : { sessionIdleTimeout: config.jwt.sessionIdleTimeoutSeconds }),
    clock: deps.clock,
    logError,
    verifiedCacheSize: config.jwt.verifiedCacheSize,
    requiredClaims: ["sid", "username"],
    secureCookies: config.jwt.cookies.secure,
    userLookup: (claims) => ({ id: claims.sub, username: claims.username, roles: claims.roles }),
  });
}
