import { cookieTransport, type TokenLocation } from "@jot/elysia/server";

/**
 * Where a login or refresh answer puts the new tokens: the JSON body, HttpOnly cookies, or both.
 * Cookie transport means `cookies` (S-23): no token value in the body, where any script of the
 * page (an XSS) could read it.
 */
export type TokenDelivery = "body" | "cookies" | "both";

/**
 * A login: with `JWT_TOKEN_LOCATION=cookies` alone, cookies only. Listed beside other locations
 * (a migration), both: the server cannot tell a browser app from an API client at login, and a
 * login needs the password, which a script that could read the body would already have.
 */
export function loginDelivery(locations: readonly TokenLocation[]): TokenDelivery {
  if (!cookieTransport(locations)) return "body";
  return locations.length === 1 ? "cookies" : "both";
}

/**
 * A refresh is answered the way its refresh token came: from the cookie, in cookies only, so a
 * script that can make the browser send the cookie (with the readable CSRF value) still never
 * sees a token; from anywhere else, in the body, as that client expects.
 */
export function refreshDelivery(presentedIn: TokenLocation): TokenDelivery {
  return presentedIn === "cookies" ? "cookies" : "body";
}
