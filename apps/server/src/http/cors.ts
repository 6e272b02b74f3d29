import { errorResponse, JotError } from "@jot/elysia/server";

/** Headers a browser may send cross-origin to jot. */
const ALLOWED_HEADERS = "authorization, content-type, x-csrf-token";
const ALLOWED_METHODS = "GET, POST, PUT, DELETE, OPTIONS";

/**
 * CORS for the configured origins only (exact `scheme://host:port` matches; off when none).
 * Answers the headers for a request, or `undefined` when its origin is not allowed. Credentials
 * are allowed, for those origins only, so a page on another origin of the site can use cookie
 * transport (the exact origin is echoed: browsers refuse `*` with credentials).
 */
export function corsHeaders(allowedOrigins: ReadonlySet<string>, request: Request): Record<string, string> | undefined {
  const origin = request.headers.get("origin");
  if (origin === null || !allowedOrigins.has(origin)) return undefined;
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-credentials": "true",
    vary: "Origin",
    "access-control-expose-headers": "www-authenticate, retry-after",
  };
}

/** Whether a request is a CORS preflight: the browser asking before a cross-origin request. */
export function isPreflight(request: Request): boolean {
  return request.method === "OPTIONS" && request.headers.has("origin") && request.headers.has("access-control-request-method");
}

/**
 * The answer to a preflight: 204 with what jot accepts for an allowed origin; else `403
 * origin_refused` saying why, so the developer sees a refusal (not a missing route) in the
 * browser's network panel.
 */
export function preflightResponse(allowedOrigins: ReadonlySet<string>, request: Request): Response {
  const headers = corsHeaders(allowedOrigins, request);
  if (headers === undefined) {
    const why = allowedOrigins.size === 0 ? "Cross-origin requests are off: CORS_ORIGINS is unset" : "This origin is not in CORS_ORIGINS";
    return errorResponse(new JotError("origin_refused", why), { headers: { vary: "Origin" } });
  }
  return new Response(null, {
    status: 204,
    headers: { ...headers, "access-control-allow-methods": ALLOWED_METHODS, "access-control-allow-headers": ALLOWED_HEADERS, "access-control-max-age": "600" },
  });
}
