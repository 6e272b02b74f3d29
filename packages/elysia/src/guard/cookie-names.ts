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
export function cookieNames(settings: { readonly secure: boolean }): CookieNames {
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
export function tokenCookieName(type: TokenType, settings: { readonly secure: boolean }): string {
  const names = cookieNames(settings);
  return type === "access" ? names.access : names.refresh;
}
