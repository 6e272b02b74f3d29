import { ROUTES, type HealthOkResponse, type HealthUnavailableResponse } from "@jot/shared";
import { Elysia } from "elysia";
import { errorResponse, JotError } from "@jot/elysia/server";
import type { RouteContext } from "../route-context.ts";
import { documented, ROUTE_DOCS } from "../../openapi/route-docs.ts";

/** `GET /health` → 200 when every store answers, 503 `store_unavailable` naming the ones that do not. */
export function healthRoute({ healthChecks, logError }: RouteContext) {
  return new Elysia().get(ROUTES.health, async (): Promise<HealthOkResponse | Response> => {
    const names = Object.keys(healthChecks);
    const check = (name: string) =>
      healthChecks[name]!().then(
        () => "ok" as const,
        (error: unknown) => {
          logError("store_error", error);
          return "unavailable" as const;
        },
      );
    const results = await Promise.all(names.map(check));
    const down = names.filter((_, index) => results[index] !== "ok");
    if (down.length === 0) return { status: "ok", stores: Object.fromEntries(names.map((name) => [name, "ok" as const])) };
    const stores = Object.fromEntries(names.map((name, index) => [name, results[index]!]));
    const failure = new JotError("store_unavailable", `Unavailable: ${down.join(", ")}`);
    const body = { status: "unavailable", stores } satisfies Omit<HealthUnavailableResponse, "error" | "msg">;
    return errorResponse(failure, { body });
  }, documented(ROUTE_DOCS.health));
}
