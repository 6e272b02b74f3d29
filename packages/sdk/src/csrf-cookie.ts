/**
 * Reads the cookies the page can see, as `document.cookie` spells them (`a=1; b=2`).
 *
 * @example
 * ```ts
 * const fixed: CookieReader = () => "csrf_access_token=abc";
 * ```
 */
export type CookieReader = () => string;

/**
 * The page's own cookies (`document.cookie`); an empty string where there is no document.
 *
 * @example
 * ```ts
 * createAuthClient({ baseUrl, transport: "cookies", cookies: documentCookies });
 * ```
 */
export const documentCookies: CookieReader = () => (globalThis as { document?: { cookie?: string } }).document?.cookie ?? "";

/** The CSRF cookies jot sets beside its token cookies: `__Host-` names when Secure, plain ones otherwise. */
const CSRF_COOKIE_NAMES = {
  access: ["__Host-csrf_access_token", "csrf_access_token"],
  refresh: ["__Host-csrf_refresh_token", "csrf_refresh_token"],
} as const;

const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether the server wants the CSRF value with this method (every method that may change state). */
export function needsCsrf(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/**
 * The CSRF value jot gave with the access or refresh token cookie, read from the page's cookies
 * for the `X-CSRF-TOKEN` header (the double submit); `null` when there is none.
 *
 * @example
 * ```ts
 * csrfValue("refresh", () => "csrf_refresh_token=r1; csrf_access_token=a1"); // "r1"
 * ```
 */
export function csrfValue(kind: keyof typeof CSRF_COOKIE_NAMES, read: CookieReader): string | null {
  const cookies = new Map<string, string>();
  for (const part of read().split(";")) {
    const separator = part.indexOf("=");
    if (separator > 0) cookies.set(part.slice(0, separator).trim(), part.slice(separator + 1).trim());
  }
  for (const name of CSRF_COOKIE_NAMES[kind]) {
    const value = cookies.get(name);
    if (value) return decodeURIComponent(value);
  }
  return null;
}
