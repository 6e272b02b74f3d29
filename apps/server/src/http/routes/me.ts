import { ROUTES, type AccessClaims, type MeResponse } from "@jot/shared";
import { Elysia } from "elysia";
import type { RouteContext } from "../route-context.ts";
import { guarded, ROUTE_DOCS } from "../../openapi/route-docs.ts";
import { storedUserOf } from "../../users/stored-user.ts";

/** `GET /auth/me` → the caller as stored now, and the claims of the token used. */
export function meRoute(context: RouteContext) {
  return new Elysia().use(context.auth).get(
    ROUTES.me,
    async ({ claims }): Promise<MeResponse> => {
      const user = await storedUserOf(context, claims.sub);
      // The guard let only an access token through.
      return { user: { id: user.id, username: user.username, roles: user.roles }, claims: claims as AccessClaims };
    },
    guarded("access", ROUTE_DOCS.me),
  );
}
