import type { DeliverOneTimeToken } from "@jot/elysia/server";

/**
 * Development only: each token as one line on stderr, so a reset can be tried with no mail server.
 * The one place a token is written out; `loadConfig` never chooses it in production.
 */
export function stderrDelivery(write: (line: string) => void = (line) => console.error(line)): DeliverOneTimeToken {
  return ({ kind, user, token, expiresAt }) => write(`jot: development: ${kind} token for ${user.username ?? user.id}: ${token} (until ${expiresAt.toISOString()})`);
}
