import type { AccessClaims } from "@jot/shared";

/**
 * The signed-in state the client holds: the token pair, when the access token expires, and the
 * access token's claims.
 *
 * `Extra` types the additional claims your server adds (see `createAuthClient`); it is a
 * promise you make about your server, not something the client checks.
 *
 * @example
 * ```ts
 * const session: AuthSession | null = auth.session;
 * if (session) console.log(session.claims.username, session.claims.roles, new Date(session.expires_at * 1000));
 *
 * const tenantSession: AuthSession<{ tenant: string }> | null = tenantAuth.session;
 * tenantSession?.claims.tenant; // string
 * ```
 */
export interface AuthSession<Extra extends object = Record<string, unknown>> {
  /**
   * Sent as `Authorization: Bearer …` on every `auth.api` call. Empty in cookie transport: the
   * token is in an HttpOnly cookie no script can read.
   */
  readonly access_token: string;
  /** Sent only to `POST /auth/refresh` and `DELETE /auth/logout`. Empty in cookie transport. */
  readonly refresh_token: string;
  /**
   * When the access token expires, in seconds since the epoch by this client's clock
   * (`now + expires_in` at issue), so a skewed client clock does not refresh too early or too late.
   */
  readonly expires_at: number;
  /** The access token's payload, decoded without verification (the client has no key to verify with). */
  readonly claims: AccessClaims<Extra>;
}

/**
 * Builds the session for a `POST /auth/login` or `/auth/refresh` answer, or gives `null` when the
 * body is not a token pair carrying a decodable access token.
 *
 * @param body - the parsed JSON answer, unchecked
 * @param nowMs - the client's clock, in milliseconds since the epoch
 * @example
 * ```ts
 * const session = sessionFromTokenPair(await response.json(), Date.now());
 * if (!session) throw new Error("not a token pair");
 * ```
 */
export function sessionFromTokenPair(body: unknown, nowMs: number): AuthSession | null {
  if (!isRecord(body)) return null;
  const { access_token, refresh_token, expires_in } = body;
  if (typeof access_token !== "string" || typeof refresh_token !== "string" || refresh_token === "") return null;
  const claims = decodeAccessClaims(access_token);
  if (!claims) return null;
  const expires_at =
    typeof expires_in === "number" && Number.isFinite(expires_in) ? Math.floor(nowMs / 1000) + expires_in : claims.exp;
  return Object.freeze({ access_token, refresh_token, expires_at, claims });
}

/**
 * Builds the session for a cookie-transport `POST /auth/login` or `/auth/refresh` answer
 * (`{token_type, expires_in, user, claims}`: the tokens themselves are in HttpOnly cookies), or
 * gives `null` when the body is not one. The session's tokens are empty strings.
 *
 * @param body - the parsed JSON answer, unchecked
 * @param nowMs - the client's clock, in milliseconds since the epoch
 * @example
 * ```ts
 * const session = sessionFromCookieAnswer(await response.json(), Date.now());
 * session?.access_token; // ""
 * ```
 */
export function sessionFromCookieAnswer(body: unknown, nowMs: number): AuthSession | null {
  if (!isRecord(body)) return null;
  // A server listing cookies beside other locations also answers the pair: only its claims are kept.
  if ("access_token" in body) {
    const pair = sessionFromTokenPair(body, nowMs);
    return pair && Object.freeze({ access_token: "", refresh_token: "", expires_at: pair.expires_at, claims: pair.claims });
  }
  const claims = checkedAccessClaims(body.claims);
  if (!claims || typeof claims.jti !== "string") return null;
  const { expires_in } = body;
  const expires_at = typeof expires_in === "number" && Number.isFinite(expires_in) ? Math.floor(nowMs / 1000) + expires_in : claims.exp;
  return Object.freeze({ access_token: "", refresh_token: "", expires_at, claims });
}

/**
 * What tells one issued session apart from the next: the access token, or in cookie transport
 * (where the page never sees it) the access token's `jti`.
 *
 * @example
 * ```ts
 * if (sessionKey(a) !== sessionKey(b)) console.log("renewed");
 * ```
 */
export function sessionKey(session: AuthSession): string {
  return session.access_token !== "" ? session.access_token : `jti:${String(session.claims.jti)}`;
}

/**
 * The JSON string a session is stored as. Claims are left out: they are decoded again from the
 * access token on load, so the token stays the only source of truth.
 *
 * @example
 * ```ts
 * await storage.set("jot.session", serializeSession(session));
 * ```
 */
export function serializeSession(session: AuthSession): string {
  // Cookie transport: no token to store, so the claims are kept instead (they are not secret).
  if (session.access_token === "") return JSON.stringify({ v: 1, cookies: true, expires_at: session.expires_at, claims: session.claims });
  const stored: StoredSession = {
    v: 1,
    access_token: session.access_token,
    refresh_token: session.refresh_token,
    expires_at: session.expires_at,
  };
  return JSON.stringify(stored);
}

/**
 * The session stored by {@link serializeSession}, or `null` for anything else (absent, another
 * version, hand-edited garbage). Never throws.
 *
 * @example
 * ```ts
 * const session = parseStoredSession(await storage.get("jot.session"));
 * ```
 */
export function parseStoredSession(value: string | null): AuthSession | null {
  if (value === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  if (!isRecord(parsed) || parsed.v !== 1) return null;
  const { access_token, refresh_token, expires_at } = parsed;
  if (parsed.cookies === true) return parseStoredCookieSession(parsed);
  if (typeof access_token !== "string" || typeof refresh_token !== "string" || refresh_token === "") return null;
  if (typeof expires_at !== "number" || !Number.isFinite(expires_at)) return null;
  const claims = decodeAccessClaims(access_token);
  if (!claims) return null;
  return Object.freeze({ access_token, refresh_token, expires_at, claims });
}

function parseStoredCookieSession(stored: Record<string, unknown>): AuthSession | null {
  const claims = checkedAccessClaims(stored.claims);
  const { expires_at } = stored;
  if (!claims || typeof claims.jti !== "string" || typeof expires_at !== "number" || !Number.isFinite(expires_at)) return null;
  return Object.freeze({ access_token: "", refresh_token: "", expires_at, claims });
}

/**
 * Decodes an access token's payload (base64url JSON) without verifying it; `null` for anything
 * that is not a three-part token whose payload is an object with `type: "access"`, a string `sub`
 * and a numeric `exp`. Never throws, whatever the input.
 *
 * The client cannot verify the signature (the key is the server's), so use the claims for
 * display and scheduling, never for decisions the server must make.
 *
 * @example
 * ```ts
 * decodeAccessClaims(session.access_token)?.username; // "ada"
 * decodeAccessClaims("not a token");                   // null
 * ```
 */
export function decodeAccessClaims(token: string): AccessClaims | null {
  if (typeof token !== "string") return null;
  const parts = token.split(".");
  const [, payload] = parts;
  if (parts.length !== 3 || payload === undefined || payload === "") return null;
  const json = decodeBase64Url(payload);
  if (json === null) return null;
  try {
    return checkedAccessClaims(JSON.parse(json));
  } catch {
    return null;
  }
}

// Claims good enough to show and schedule by: an object with `type: "access"`, a string `sub`, a numeric `exp`.
function checkedAccessClaims(claims: unknown): AccessClaims | null {
  if (!isRecord(claims)) return null;
  if (claims.type !== "access" || typeof claims.sub !== "string") return null;
  if (typeof claims.exp !== "number" || !Number.isFinite(claims.exp)) return null;
  return claims as AccessClaims;
}

interface StoredSession {
  v: 1;
  access_token: string;
  refresh_token: string;
  expires_at: number;
}

function decodeBase64Url(segment: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return null;
  const base64 = segment.replace(/-/g, "+").replace(/_/g, "/");
  try {
    const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    // fatal: a payload that is not UTF-8 is garbage, not something to show with replacement characters.
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
