import { corsHeaders, isPreflight, preflightResponse } from "./cors.ts";
import { checkRequestOrigin } from "./origin-check.ts";

/** What the gate is given of each request (Elysia's context). */
interface GateContext {
  request: Request;
  set: { headers: Record<string, string | number> };
}

/**
 * The hook every request passes first: a CORS preflight is answered here, CORS headers are added
 * for an allowed origin (and `Vary: Origin` to every answer while CORS is configured), and (cookie
 * transport only) an unsafe `/auth/*` request from a foreign origin is refused. It answers in the
 * same turn, and is written so that Elysia sees that: Elysia awaits a hook whose source looks
 * asynchronous (`return f(…)`, `=> f(…)`), which would cost every request an await.
 */
export function requestGate(corsOrigins: ReadonlySet<string>, cookieTransport: boolean) {
  return function gate({ request, set }: GateContext): Response | undefined {
    let preflight: Response | undefined;
    if (isPreflight(request)) preflight = preflightResponse(corsOrigins, request);
    if (preflight !== undefined) return preflight;
    if (corsOrigins.size > 0) {
      // Every answer depends on Origin while CORS is on, so no cache may give one origin's to another.
      set.headers.vary = "Origin";
      const headers = corsHeaders(corsOrigins, request);
      if (headers !== undefined) Object.assign(set.headers, headers);
    }
    if (cookieTransport) checkRequestOrigin(request, corsOrigins);
    return undefined;
  };
}
