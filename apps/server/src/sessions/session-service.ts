import { type Clock, type RevocationStore, SessionService, type SessionStore } from "@jot/elysia/server";
import type { Config } from "../config/config.ts";

/** The session service a configuration describes, on the given stores. */
export function sessionServiceFor(config: Config, stores: { sessions: SessionStore; revocations: RevocationStore }, clock: Clock): SessionService {
  return new SessionService(stores.sessions, stores.revocations, clock, {
    refreshTtlSeconds: config.jwt.refreshTtlSeconds,
    leewaySeconds: config.jwt.leewaySeconds,
    reuseGraceSeconds: config.jwt.refreshReuseGraceSeconds,
    maxSessions: config.jwt.maxSessions,
    idleTimeoutSeconds: config.jwt.sessionIdleTimeoutSeconds,
  });
}
