import type { PublicUser } from "@jot/shared";
import { type Clock, type DeliverOneTimeToken, type ErrorLog, jot, type OneTimeTokenStore, type RevocationStore, type SessionStore } from "@jot/elysia/server";
import type { Config } from "./config/config.ts";
import { configuredKey, configuredTokenOptions } from "./config/token-options.ts";

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
  return jot<SessionClaims, PublicUser>({
    key: configuredKey(config),
    ...configuredTokenOptions(config),
    stores: { revocations: deps.revocations, sessions: deps.sessions, ...(deps.oneTimeTokens ? { oneTimeTokens: deps.oneTimeTokens } : {}) },
    // Reset and verification tokens are the library's, delivered by the configured channel.
    ...(deps.deliver ? { deliver: deps.deliver } : {}),
    clock: deps.clock,
    logError,
    requiredClaims: ["sid", "username"],
    userLookup: (claims) => ({ id: claims.sub, username: claims.username, roles: claims.roles }),
  });
}
