import type { AccessClaims, PublicUser } from "@jot/shared";
import { Elysia } from "elysia";
import type { TokenLocation } from "../config/config.ts";
import { JotError } from "../errors.ts";
import type { AuthenticateToken } from "../tokens/authenticate-token.ts";
import { checkCsrf } from "./csrf.ts";
import { readToken } from "./read-token.ts";

/** What an access-token route may ask: any access token, or a fresh one (straight from a password login). */
export type AuthRequirement = "access" | "fresh";

export interface AuthPluginOptions {
  authenticate: AuthenticateToken;
  tokenLocations: readonly TokenLocation[];
  /** Token cookies are Secure, so only their `__Host-` / `__Secure-` names are read (S-23). */
  secureCookies?: boolean;
}

function userOf(claims: AccessClaims): PublicUser {
  return { id: claims.sub, username: claims.username, roles: claims.roles };
}

/**
 * The guard, as an Elysia macro: a route opts in with `{ auth: "access" }` (or `"fresh"`) and its
 * handler receives the verified `claims` and the `user` they name. (The refresh route reads its
 * refresh token itself, to throttle failures.) A named plugin, so using it in many route modules registers it once.
 *
 * @example
 * new Elysia().use(authPlugin(options)).get("/me", ({ user }) => user, { auth: "access" })
 */
export function authPlugin({ authenticate, tokenLocations, secureCookies = false }: AuthPluginOptions) {
  return new Elysia({ name: "jot-auth" }).macro({
    auth(requirement: AuthRequirement) {
      return {
        async resolve({ request, body }) {
          const found = readToken(request, body, tokenLocations, "access", secureCookies);
          const claims = await authenticate(found.token, "access");
          if (found.location === "cookies") checkCsrf(request, claims);
          if (requirement === "fresh" && claims.fresh !== true) throw new JotError("fresh_token_required");
          return { claims, user: userOf(claims) };
        },
      };
    },
  });
}
