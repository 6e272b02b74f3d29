import type { TokenType } from "@jot/shared";

/** Cookie names, as Flask-JWT-Extended spells them; the names of Secure cookies carry a prefix (see {@link cookieNames}). */
export const COOKIE_NAMES = {
  access: "access_token_cookie",
  refresh: "refresh_token_cookie",
  csrfAccess: "csrf_access_token",
  csrfRefresh: "csrf_refresh_token",
} as const;

/** The names token cookies are set and read under. */
export type CookieNames = { readonly [Kind in keyof typeof COOKIE_NAMES]: string };

/**
 * The cookie names for these settings (S-23). Secure cookies get `__Host-` (Path=/, no Domain) or,
 * for the refresh cookie that lives under `/auth`, `__Secure-`: the browser then refuses such a
 * cookie from a sibling subdomain or plain HTTP, so a planted cookie can never be the one read.
 * Without Secure (development over http) the prefixes are impossible and plain names are used.
 */
export function cookieNames(settings: Pick<CookieSettings, "secure">): CookieNames {
  if (!settings.secure) return COOKIE_NAMES;
  return {
    access: `__Host-${COOKIE_NAMES.access}`,
    refresh: `__Secure-${COOKIE_NAMES.refresh}`,
    csrfAccess: `__Host-${COOKIE_NAMES.csrfAccess}`,
    csrfRefresh: `__Host-${COOKIE_NAMES.csrfRefresh}`,
  };
}

/** The header a page sends the CSRF cookie's value back in, on unsafe methods. */
export const CSRF_HEADER = "x-csrf-token";

/**
 * The refresh token goes only where it is used (/auth/refresh and /auth/logout). Its CSRF value
 * stays at `/`, where a single-page app reads it from `document.cookie` to send it back.
 */
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
export function tokenCookieName(type: TokenType, settings: Pick<CookieSettings, "secure">): string {
  const names = cookieNames(settings);
  return type === "access" ? names.access : names.refresh;
}
