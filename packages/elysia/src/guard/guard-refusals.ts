import type { ErrorCode } from "@jot/shared";
import type { AuthRequirement } from "../plugin/auth-mode.ts";

/** A token that came but is not good enough, whatever the route asks. */
export const REJECTED_TOKEN_CODES = ["invalid_token", "token_expired", "token_not_yet_valid", "token_revoked", "wrong_token_type"] as const satisfies readonly ErrorCode[];

/** What the guard can answer on every guarded route. */
const EVERY_ROUTE_REFUSALS = [
  "missing_token",
  "invalid_header",
  ...REJECTED_TOKEN_CODES,
  // A cookie's token on an unsafe method without the CSRF value.
  "csrf_failed",
  // The revocation store (or an `isRevoked` hook) could not answer.
  "store_unavailable",
] as const satisfies readonly ErrorCode[];

/** The app hooks that add refusals of their own. */
export interface RefusingHooks {
  /** A `userLookup` that can find no user: `user_not_found`. */
  userLookup?: boolean;
  /** A `verifyClaims` that can say no: `invalid_claims`. */
  verifyClaims?: boolean;
}

/**
 * The one list of the codes the guard can refuse a request with, for a route's requirement and
 * the app's hooks: documentation built from it cannot drift from what the guard answers.
 */
export function guardRefusals(requirement: AuthRequirement, hooks: RefusingHooks = {}): ErrorCode[] {
  return [
    ...EVERY_ROUTE_REFUSALS.filter((code) => !(requirement.optional && code === "missing_token")),
    ...(requirement.fresh ? (["fresh_token_required"] as const) : []),
    ...(requirement.roles.length > 0 ? (["insufficient_scope"] as const) : []),
    ...(requirement.amr.length > 0 ? (["insufficient_user_authentication"] as const) : []),
    ...(hooks.userLookup ? (["user_not_found"] as const) : []),
    ...(hooks.verifyClaims ? (["invalid_claims"] as const) : []),
  ];
}
