import { Elysia } from "elysia";
import { documented, ROUTE_DOCS } from "../openapi/route-docs.ts";
import type { Metrics } from "./metrics.ts";
import { metricsTokenCheck } from "./metrics-token.ts";

/** Where Prometheus scrapes. */
export const METRICS_PATH = "/metrics";

/** `GET /metrics` in Prometheus text, behind `Authorization: Bearer <token>` when a token is given. */
export function metricsRoute(metrics: Metrics, token: string | undefined) {
  const checkToken = token === undefined ? undefined : metricsTokenCheck(token);
  return new Elysia().get(
    METRICS_PATH,
    async ({ request }) => {
      checkToken?.(request);
      return new Response(await metrics.registry.metrics(), { headers: { "content-type": metrics.registry.contentType } });
    },
    documented(ROUTE_DOCS.metrics),
  );
}
