import { Elysia } from "elysia";
import type { Metrics } from "./metrics.ts";

/**
 * Times every request, per method and matched route (`unmatched` when none matched), into
 * `jot_http_request_duration_seconds`. Used first, so the timing covers the whole request. Observed
 * when the handler is done or the error path begins, not after the response: an after-response hook
 * costs every request a deferred task (measured: more than the observation itself).
 */
export function requestTiming(metrics: Metrics) {
  const started = new WeakMap<Request, number>();
  const observe = (request: Request, route: string | undefined): void => {
    const start = started.get(request);
    if (start === undefined) return;
    metrics.observeRequest(request.method, route || "unmatched", (performance.now() - start) / 1000);
  };
  return new Elysia({ name: "jot-request-timing" })
    .onRequest(({ request }) => void started.set(request, performance.now()))
    .onAfterHandle({ as: "global" }, ({ request, route }) => observe(request, route))
    .onError({ as: "global" }, ({ request, route }) => observe(request, route));
}
