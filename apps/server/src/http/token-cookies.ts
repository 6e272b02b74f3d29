import type { TokenType } from "@jot/shared";

/** Cookie names, as Flask-JWT-Extended spells them. */
export const COOKIE_NAMES = {
  access: "access_token_cookie",
  refresh: "refresh_token_cookie",
  csrfAccess: "csrf_access_token",
  csrfRefresh: "csrf_refresh_token",
} as const;

/** The header a page sends the CSRF cookie's value back in, on unsafe methods. */
export const CSRF_HEADER = "x-csrf-token";

/** Refresh cookies go only where they are used: /auth/refresh and /auth/logout. */
const REFRESH_COOKIE_PATH = "/auth";

/** How the token cookies are set. */
export interface CookieSettings {
  secure: boolean;
  sameSite: "Strict" | "Lax" | "None";
}

/** One token to put in cookies: the token itself (HttpOnly) and its CSRF value (readable by the page). */
export interface CookieToken {
  token: string;
  csrf: string;
  exp: number;
}

function cookie(name: string, value: string, path: string, maxAge: number, httpOnly: boolean, settings: CookieSettings): string {
  const attributes = [`${name}=${value}`, `Path=${path}`, `Max-Age=${Math.max(0, Math.floor(maxAge))}`, `SameSite=${settings.sameSite}`];
  if (httpOnly) attributes.push("HttpOnly");
  if (settings.secure) attributes.push("Secure");
  return attributes.join("; ");
}

/** `Set-Cookie` values for a login or refresh answer; each cookie lives as long as its token. */
export function tokenCookies(access: CookieToken, refresh: CookieToken, nowSeconds: number, settings: CookieSettings): string[] {
  return [
    cookie(COOKIE_NAMES.access, access.token, "/", access.exp - nowSeconds, true, settings),
    cookie(COOKIE_NAMES.csrfAccess, access.csrf, "/", access.exp - nowSeconds, false, settings),
    cookie(COOKIE_NAMES.refresh, refresh.token, REFRESH_COOKIE_PATH, refresh.exp - nowSeconds, true, settings),
    cookie(COOKIE_NAMES.csrfRefresh, refresh.csrf, REFRESH_COOKIE_PATH, refresh.exp - nowSeconds, false, settings),
  ];
}

/** `Set-Cookie` values that remove every token cookie (logout). */
export function clearedTokenCookies(settings: CookieSettings): string[] {
  return [
    cookie(COOKIE_NAMES.access, "", "/", 0, true, settings),
    cookie(COOKIE_NAMES.csrfAccess, "", "/", 0, false, settings),
    cookie(COOKIE_NAMES.refresh, "", REFRESH_COOKIE_PATH, 0, true, settings),
    cookie(COOKIE_NAMES.csrfRefresh, "", REFRESH_COOKIE_PATH, 0, false, settings),
  ];
}

/** The value of one cookie of the request, or `undefined`. */
export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (header === null) return undefined;
  for (const part of header.split(";")) {
    const separator = part.indexOf("=");
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim() || undefined;
  }
  return undefined;
}

/** The cookie a token of this kind travels in. */
export function tokenCookieName(type: TokenType): string {
  return type === "access" ? COOKIE_NAMES.access : COOKIE_NAMES.refresh;
}
