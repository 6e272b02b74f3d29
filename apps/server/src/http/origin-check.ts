import { isSafeMethod, JotError } from "@jot/elysia/server";

/** The paths whose unsafe requests must come from an allowed origin. */
const AUTH_PATH_PREFIX = "/auth/";

/**
 * Login CSRF (S-24): with cookie transport, an unsafe `/auth/*` request sent by a browser from a
 * page that is neither jot's own origin nor one of `allowedOrigins` (CORS_ORIGINS) is refused with
 * 403 `origin_refused`. Without it, another site's auto-submitted form could sign the victim's
 * browser into the attacker's account, since a login needs no CSRF value.
 *
 * Browsers send `Origin` on every unsafe request and scripts cannot forge it; where it is absent,
 * `Sec-Fetch-Site` must say the request is same-origin or user-initiated. A request with neither
 * is not a browser's (curl, another server) and cannot carry a victim's cookies: it passes.
 * Own origin is the request's host; `https://` is accepted for it too, for TLS ended at a proxy.
 */
export function checkRequestOrigin(request: Request, allowedOrigins: ReadonlySet<string>): void {
  if (isSafeMethod(request.method)) return;
  const url = new URL(request.url);
  if (!url.pathname.startsWith(AUTH_PATH_PREFIX)) return;
  const origin = request.headers.get("origin");
  if (origin !== null) {
    if (allowedOrigins.has(origin) || isOwnOrigin(origin, url)) return;
    throw new JotError("origin_refused", "Requests from this origin are not allowed");
  }
  const site = request.headers.get("sec-fetch-site");
  if (site === null || site === "same-origin" || site === "none") return;
  throw new JotError("origin_refused", "Cross-site requests are not allowed");
}

function isOwnOrigin(origin: string, url: URL): boolean {
  return origin === url.origin || origin === `https://${url.host}`;
}
