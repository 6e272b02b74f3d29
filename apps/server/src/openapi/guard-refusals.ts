import type { ErrorCode } from "@jot/shared";
import { authRequirement, type AuthMode, guardRefusals as refusalsOf, TOKEN_LOCATIONS } from "@jot/elysia/server";

/**
 * The codes the server's guard can refuse a request with, for a route's `auth` mode, from the
 * library's one list and the same mode the guard is given, so the two cannot drift apart. The
 * server's guard has no `userLookup` that refuses and no `verifyClaims`, so neither
 * `user_not_found` nor `invalid_claims` is among them.
 */
export function guardRefusals(mode: AuthMode): ErrorCode[] {
  // Every place a token can be read from: the refusals hold whichever are configured.
  return refusalsOf(authRequirement(mode, TOKEN_LOCATIONS));
}
