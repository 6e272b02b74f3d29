import type { TokenType } from "@jot/shared";
import { isTokenLocation, type TokenLocation } from "../token-location.ts";

/**
 * What a route asks of the guard with `{ auth: … }`; every mode needs a token:
 * - `true` or `"access"`: any valid access token;
 * - `"fresh"`: an access token straight from a password login;
 * - `"refresh"`: a refresh token (and nothing else);
 * - `{ roles, fresh, amr, locations }`: an access token carrying every listed role (else 403
 *   `insufficient_scope`), fresh when asked, signed in with every listed method in its `amr` claim
 *   (RFC 8176; else 401 `insufficient_user_authentication`: step-up), read only from the given locations.
 *
 * A route that also runs without a token is `{ optionalAuth: true }` ({@link OptionalAuthMode}).
 */
export type AuthMode =
  | true
  | "access"
  | "fresh"
  | "refresh"
  | { roles?: readonly string[]; fresh?: boolean; amr?: readonly string[]; locations?: readonly TokenLocation[] };

/**
 * What a route asks with `{ optionalAuth: true }`: no token is fine (`claims`, `identity`, `user`
 * and `location` are `null`), a bad one is still refused. Elysia types a route's context from the
 * macro a route names, never from the value it gives, so an optional route has a macro of its own:
 * that is what lets its context be typed as possibly `null` and every `auth` route's as never `null`.
 */
export type OptionalAuthMode = true;

/** An {@link AuthMode} with every choice spelled out, made once per route when the route is defined. */
export interface AuthRequirement {
  type: TokenType;
  optional: boolean;
  fresh: boolean;
  roles: readonly string[];
  /** Sign-in methods the token's `amr` must name (RFC 8176), e.g. `["mfa"]` for two factors of any kind. */
  amr: readonly string[];
  locations: readonly TokenLocation[];
}

/**
 * Spells out a route's {@link AuthMode}, or `"optional"` for `{ optionalAuth: true }` (and for
 * `{ auth: "optional" }`, which untyped code may still give); throws a `TypeError` for a value the
 * guard does not know.
 */
export function authRequirement(mode: AuthMode | "optional", configured: readonly TokenLocation[]): AuthRequirement {
  const base = { type: "access" as TokenType, optional: false, fresh: false, roles: [] as readonly string[], amr: [] as readonly string[], locations: configured };
  if (mode === true || mode === "access") return base;
  if (mode === "fresh") return { ...base, fresh: true };
  if (mode === "refresh") return { ...base, type: "refresh" };
  if (mode === "optional") return { ...base, optional: true };
  if (typeof mode === "object" && mode !== null) {
    const roles = mode.roles ?? [];
    if (!Array.isArray(roles) || !roles.every((role) => typeof role === "string")) throw new TypeError("auth.roles must be an array of strings");
    const amr = mode.amr ?? [];
    if (!Array.isArray(amr) || !amr.every((method) => typeof method === "string" && method !== "")) throw new TypeError("auth.amr must be an array of method names");
    const locations = mode.locations ?? configured;
    for (const location of locations) {
      if (!isTokenLocation(location)) throw new TypeError(`auth.locations: unknown token location "${String(location)}"`);
      // A route narrows where tokens are read; it never opens a place the configuration keeps shut (S-22).
      if (!configured.includes(location)) throw new TypeError(`auth.locations: "${location}" is not a configured token location`);
    }
    return { ...base, fresh: mode.fresh === true, roles, amr, locations };
  }
  throw new TypeError(`auth: expected true, "access", "fresh", "refresh", "optional" or { roles, fresh, amr, locations }, got ${JSON.stringify(mode)}`);
}
