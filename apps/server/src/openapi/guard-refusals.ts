import type { ErrorCode } from "@jot/shared";
import { authRequirement, type AuthMode, TOKEN_LOCATIONS } from "@jot/elysia/server";

/** What the guard answers for any token that is missing or not good enough. */
const TOKEN_REFUSALS: readonly ErrorCode[] = [
  "missing_token",
  "invalid_header",
  "invalid_token",
  "token_expired",
  "token_not_yet_valid",
  "token_revoked",
  "wrong_token_type",
  // A cookie's token on an unsafe method without the CSRF value.
  "csrf_failed",
  // The revocation store could not answer.
  "store_unavailable",
];

/**
 * The codes the server's guard can refuse a request with, for a route's `auth` mode: a route's
 * documentation lists them from the same mode the guard is given, so the two cannot drift apart.
 * The server's guard has no `userLookup` that refuses and no `verifyClaims`, so neither
 * `user_not_found` nor `invalid_claims` is among them.
 */
export function guardRefusals(mode: AuthMode): ErrorCode[] {
  // Every place a token can be read from: the refusals hold whichever are configured.
  const requirement = authRequirement(mode, TOKEN_LOCATIONS);
  return [
    ...TOKEN_REFUSALS.filter((code) => !(requirement.optional && code === "missing_token")),
    ...(requirement.fresh ? (["fresh_token_required"] as const) : []),
    ...(requirement.roles.length > 0 ? (["insufficient_scope"] as const) : []),
  ];
}
