import type { SessionPolicy } from "../sessions/session-service.ts";
import { durationSeconds, MAX_LEEWAY_SECONDS, type JotOptions } from "./jot-options.ts";

/** The options of {@link JotOptions} that sessions follow. */
export type SessionOptions = Pick<JotOptions, "refreshExpires" | "leeway" | "refreshReuseGrace" | "maxSessions" | "sessionIdleTimeout">;

/**
 * The session policy `jot()`'s options describe, each value checked (a `TypeError` names the
 * option): the one reading of these options, for `jot()` and for a server's tools that end sessions
 * without a signing key.
 */
export function sessionPolicyOf(options: SessionOptions): SessionPolicy {
  const leewaySeconds = durationSeconds("leeway", options.leeway, 0, 0);
  if (leewaySeconds > MAX_LEEWAY_SECONDS) throw new TypeError(`leeway: at most ${MAX_LEEWAY_SECONDS} seconds`);
  const maxSessions = options.maxSessions ?? 10;
  if (!Number.isInteger(maxSessions) || maxSessions < 1) throw new TypeError(`maxSessions: expected a whole number of at least 1; got ${JSON.stringify(maxSessions)}`);
  return {
    refreshTtlSeconds: durationSeconds("refreshExpires", options.refreshExpires, 30 * 86400),
    leewaySeconds,
    reuseGraceSeconds: durationSeconds("refreshReuseGrace", options.refreshReuseGrace, 10, 0),
    maxSessions,
    idleTimeoutSeconds: durationSeconds("sessionIdleTimeout", options.sessionIdleTimeout, Number.POSITIVE_INFINITY),
  };
}
