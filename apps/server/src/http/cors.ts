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

/** The answer to a preflight `OPTIONS` from an allowed origin. */
export function preflightResponse(headers: Record<string, string>): Response {
  return new Response(null, {
    status: 204,
    headers: { ...headers, "access-control-allow-methods": ALLOWED_METHODS, "access-control-allow-headers": ALLOWED_HEADERS, "access-control-max-age": "600" },
  });
}
