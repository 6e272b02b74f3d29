import { ROUTES, type HealthResponse } from "@jot/shared";
import { Elysia } from "elysia";
import { JotError } from "../../errors.ts";
import { errorResponse } from "../error-response.ts";
import type { RouteContext } from "../route-context.ts";
import { documented, ROUTE_DOCS } from "../../openapi/route-docs.ts";

/** `GET /health` → 200 when every store answers, 503 `store_unavailable` naming the ones that do not. */
export function healthRoute({ healthChecks, logError }: RouteContext) {
  return new Elysia().get(ROUTES.health, async (): Promise<HealthResponse | Response> => {
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
    const stores = Object.fromEntries(names.map((name, index) => [name, results[index]!]));
    const down = names.filter((_, index) => results[index] !== "ok");
    if (down.length === 0) return { status: "ok", stores };
    const failure = new JotError("store_unavailable", `Unavailable: ${down.join(", ")}`);
    return errorResponse(failure, { body: { status: "unavailable", stores } });
  }, documented(ROUTE_DOCS.health));
}
