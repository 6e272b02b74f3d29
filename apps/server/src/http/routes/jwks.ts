import { ROUTES } from "@jot/shared";
import { Elysia } from "elysia";
import { JotError } from "@jot/elysia/server";
import type { RouteContext } from "../route-context.ts";
import { documented, ROUTE_DOCS } from "../../openapi/route-docs.ts";

/**
 * `GET /.well-known/jwks.json` → the public keys tokens are verified with, when the algorithm is
 * asymmetric (RS256, ES256, EdDSA): the current one and those rotated out whose tokens may still
 * be alive, so other services verify every token jot issued; 404 for a shared secret, which is
 * never published. Cached five minutes: a new key is published (as a previous key) before it signs (see
 * the rotation runbook), so caches never miss a key in use.
 */
export function jwksRoute({ auth }: RouteContext) {
  const keys = [auth.key, ...(auth.settings.previousKeys ?? [])].flatMap((key) => (key.publicJwk ? [key.publicJwk] : []));
  return new Elysia().get(ROUTES.jwks, ({ set }) => {
    if (keys.length === 0) throw new JotError("not_found", "No public keys: tokens are signed with a shared secret");
    set.headers["cache-control"] = "public, max-age=300";
    return { keys };
  }, documented(ROUTE_DOCS.jwks));
}
