import { ROUTES, type ProtectedResponse } from "@jot/shared";
import { Elysia } from "elysia";
import type { RouteContext } from "../route-context.ts";
import { guarded, ROUTE_DOCS } from "../../openapi/route-docs.ts";

/** `GET /protected`: the example protected route, answered from the token's claims alone. */
export function protectedRoute({ auth }: RouteContext) {
  return new Elysia().use(auth).get(
    ROUTES.protected,
    ({ user }): ProtectedResponse => ({ message: `Hello, ${user.username}! This is a protected route.` }),
    guarded("access", ROUTE_DOCS.protected),
  );
}
