import { ROUTES, type AccessClaims, type MeResponse } from "@jot/shared";
import { Elysia } from "elysia";
import { JotError } from "@jot/elysia/server";
import type { RouteContext } from "../route-context.ts";
import { guarded, ROUTE_DOCS } from "../../openapi/route-docs.ts";

/** `GET /auth/me` → the caller as stored now, and the claims of the token used. */
export function meRoute({ auth, users }: RouteContext) {
  return new Elysia().use(auth).get(
    ROUTES.me,
    async ({ claims }): Promise<MeResponse> => {
      const user = await users.findById(claims.sub);
      // A valid token for a user who no longer exists is not a valid session.
      if (!user) throw new JotError("invalid_token", "User not found");
      // The guard let only an access token through.
      return { user: { id: user.id, username: user.username, roles: user.roles }, claims: claims as AccessClaims };
    },
    guarded("access", ROUTE_DOCS.me),
  );
}
