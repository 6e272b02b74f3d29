import { type Clock, type RevocationStore, SessionService, sessionPolicyOf, type SessionStore } from "@jot/elysia/server";
import type { Config } from "../config/config.ts";
import { configuredTokenOptions } from "../config/token-options.ts";

/**
 * The session service a configuration describes, on the given stores, for the admin tools that end
 * sessions without a signing key: the policy read as the guard's `jot()` reads it.
 */
export function sessionServiceFor(config: Config, stores: { sessions: SessionStore; revocations: RevocationStore }, clock: Clock): SessionService {
  return new SessionService(stores.sessions, stores.revocations, clock, sessionPolicyOf(configuredTokenOptions(config)));
}
