import type { TokenType } from "@jot/shared";
import type { TokenLocation } from "../token-location.ts";
import { JotError } from "../errors/jot-error.ts";
import { isJsonRequest } from "./media-type.ts";
import { readCookie, tokenCookieName } from "./cookie-names.ts";

/** Query parameter read when `query_string` is configured. */
export const QUERY_TOKEN_PARAMETER = "jwt";
/** JSON body fields read when `json` is configured. */
export const JSON_TOKEN_FIELDS = { access: "access_token", refresh: "refresh_token" } as const;

const MISSING: Record<TokenLocation, (type: TokenType, secureCookies: boolean) => string> = {
  headers: () => "Missing Authorization Header",
  cookies: (type, secure) => `Missing cookie "${tokenCookieName(type, { secure })}"`,
  query_string: () => `Missing "${QUERY_TOKEN_PARAMETER}" query parameter`,
  json: (type) => `Missing "${JSON_TOKEN_FIELDS[type]}" key in json data`,
};

/** A token and where it was found: a cookie's token needs a CSRF check on unsafe methods. */
export interface FoundToken {
  token: string;
  location: TokenLocation;
}

/**
 * Finds the token in the configured locations only, in the configured order (S-22): a token
 * anywhere else is not seen. Throws `missing_token` when none holds one, and
 * `invalid_header` for an Authorization header that is not `Bearer <token>`. With `secureCookies`
 * only the prefixed cookie names are read (S-23).
 */
export function readToken(
  request: Request,
  body: unknown,
  locations: readonly TokenLocation[],
  type: TokenType,
  secureCookies = false,
): FoundToken {
  for (const location of locations) {
    const token = readFrom(location, request, body, type, secureCookies);
    if (token !== undefined) return { token, location };
  }
  const missing = locations.map((location) => MISSING[location](type, secureCookies));
  throw new JotError("missing_token", missing.length === 1 ? missing[0] : `Missing token: ${missing.join("; ")}`);
}

function readFrom(
  location: TokenLocation,
  request: Request,
  body: unknown,
  type: TokenType,
  secureCookies: boolean,
): string | undefined {
  switch (location) {
    case "headers":
      return readAuthorizationHeader(request.headers.get("authorization"));
    case "cookies":
      return readCookie(request, tokenCookieName(type, { secure: secureCookies }));
    case "query_string": {
      const query = request.url.indexOf("?");
      if (query < 0) return undefined;
      return new URLSearchParams(request.url.slice(query + 1)).get(QUERY_TOKEN_PARAMETER) || undefined;
    }
    case "json": {
      // A JSON body only: a form's fields are never a token (S-22).
      if (!isJsonRequest(request) || typeof body !== "object" || body === null) return undefined;
      const value = (body as Record<string, unknown>)[JSON_TOKEN_FIELDS[type]];
      if (value === undefined) return undefined;
      if (typeof value !== "string") throw new JotError("invalid_request", `${JSON_TOKEN_FIELDS[type]} must be a string`);
      return value;
    }
  }
}

/**
 * `Bearer <token>`: the scheme in any case (RFC 7235), one or more spaces (RFC 6750's `1*SP`; a tab
 * or any other whitespace is not one), one token with no spaces in it. An empty header counts as
 * none; anything else is `invalid_header`, never a guess. (Other whitespace inside the token is the
 * token's fault: verification says what is wrong with it.)
 */
export function readAuthorizationHeader(header: string | null): string | undefined {
  if (header === null || header === "") return undefined;
  if (header.charCodeAt(6) !== SPACE || !isBearerScheme(header)) throw new JotError("invalid_header");
  let start = 7;
  while (header.charCodeAt(start) === SPACE) start++;
  const token = header.slice(start);
  if (token === "" || token.includes(" ") || WHITESPACE.test(token[0]!)) throw new JotError("invalid_header");
  return token;
}

const WHITESPACE = /\s/;
const SPACE = 0x20;

function isBearerScheme(header: string): boolean {
  return header.startsWith("Bearer") || header.slice(0, 6).toLowerCase() === "bearer";
}
