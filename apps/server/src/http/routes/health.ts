import { ROUTES, type HealthResponse } from "@jot/shared";
import { Elysia } from "elysia";
import type { RouteContext } from "../route-context.ts";

/** `GET /health` → 200 when every store answers, 503 naming the ones that do not. */
export function healthRoute({ healthChecks }: RouteContext) {
  return new Elysia().get(ROUTES.health, async ({ set }): Promise<HealthResponse> => {
    const names = Object.keys(healthChecks);
    const results = await Promise.all(names.map((name) => healthChecks[name]!().then(() => "ok" as const, () => "unavailable" as const)));
    const stores = Object.fromEntries(names.map((name, index) => [name, results[index]!]));
    const down = names.filter((_, index) => results[index] !== "ok");
    if (down.length === 0) return { status: "ok", stores };
    set.status = 503;
    return { status: "unavailable", error: "store_unavailable", msg: `Unavailable: ${down.join(", ")}`, stores };
  });
}
