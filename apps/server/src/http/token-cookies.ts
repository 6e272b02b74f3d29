import { cookieNames } from "@jot/elysia/server";

/**
 * The refresh token goes only where it is used (/auth/refresh and /auth/logout). Its CSRF value
 * stays at `/`, where a single-page app reads it from `document.cookie` to send it back.
 */
export const REFRESH_COOKIE_PATH = "/auth";

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
  const names = cookieNames(settings);
  return [
    cookie(names.access, access.token, "/", access.exp - nowSeconds, true, settings),
    cookie(names.csrfAccess, access.csrf, "/", access.exp - nowSeconds, false, settings),
    cookie(names.refresh, refresh.token, REFRESH_COOKIE_PATH, refresh.exp - nowSeconds, true, settings),
    cookie(names.csrfRefresh, refresh.csrf, "/", refresh.exp - nowSeconds, false, settings),
  ];
}

/** `Set-Cookie` values that remove every token cookie (logout). */
export function clearedTokenCookies(settings: CookieSettings): string[] {
  const names = cookieNames(settings);
  return [
    cookie(names.access, "", "/", 0, true, settings),
    cookie(names.csrfAccess, "", "/", 0, false, settings),
    cookie(names.refresh, "", REFRESH_COOKIE_PATH, 0, true, settings),
    cookie(names.csrfRefresh, "", "/", 0, false, settings),
  ];
}
