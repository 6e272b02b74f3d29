import { ROUTES } from "@jot/shared";
import { Elysia } from "elysia";
import { JotError } from "../../errors.ts";
import type { RouteContext } from "../route-context.ts";

/**
 * `GET /.well-known/jwks.json` → the public key tokens are verified with, when the algorithm is
 * asymmetric (RS256, ES256, EdDSA), so other services can verify jot's tokens; 404 for a shared
 * secret, which is never published.
 */
export function jwksRoute({ signingKey }: RouteContext) {
  const jwk = signingKey.publicJwk;
  return new Elysia().get(ROUTES.jwks, ({ set }) => {
    if (jwk === undefined) throw new JotError("not_found", "No public keys: tokens are signed with a shared secret");
    set.headers["cache-control"] = "public, max-age=300";
    return { keys: [jwk] };
  });
}
