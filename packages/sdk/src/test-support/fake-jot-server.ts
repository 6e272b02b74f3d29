// A jot server simulated in-process for the SDK's tests: the contract's endpoints, answered through
// a `fetch` function, with switches to expire, revoke, hold or break things. Not part of the SDK.

/** One request as the fake server received it. */
export interface ReceivedRequest {
  method: string;
  /** The path with the base path stripped, e.g. `/auth/login`. */
  path: string;
  /** The host the request was sent to. */
  host: string;
  authorization: string | null;
  /** The parsed JSON body, or undefined. */
  body: unknown;
}

/** Answers a request before the routes do (return undefined to let them answer); may throw or wait. */
export type Interceptor = (request: ReceivedRequest) => Response | undefined | Promise<Response | undefined>;

export interface FakeJotServerOptions {
  /** The server's clock in ms. */
  now?: () => number;
  /** Seconds an access token lives. */
  accessTtlSeconds?: number;
  /** A path prefix the server is mounted under, e.g. `/jot`. */
  basePath?: string;
}

export interface FakeJotServer {
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** Every request received, in order. */
  readonly requests: ReceivedRequest[];
  /** Requests received for `path`. */
  requestsTo(path: string): ReceivedRequest[];
  /** From now on, every access token issued so far is answered `token_expired`. */
  expireAccessTokens(): void;
  /** Sets (or clears with null) the interceptor. */
  intercept(interceptor: Interceptor | null): void;
  /** Builds an unsigned token with these claims, as the server would. */
  makeToken(claims: Record<string, unknown>): string;
}

export const PASSWORD = "correct horse battery staple";
/** `mo` has a second factor on: this code and this recovery code finish a login, each once. */
export const MFA_CODE = "492039";
export const RECOVERY_CODE = "k7wq-2mzr-h9ad-x3fe";

export function createFakeJotServer(options: FakeJotServerOptions = {}): FakeJotServer {
  const now = options.now ?? Date.now;
  const ttl = options.accessTtlSeconds ?? 900;
  const basePath = options.basePath ?? "";
  const users = new Map<string, { id: string; password: string; roles: string[] }>([
    ["ada", { id: "user-ada", password: PASSWORD, roles: ["user"] }],
    ["mo", { id: "user-mo", password: PASSWORD, roles: ["user"] }],
  ]);
  const withSecondFactor = new Set(["mo"]);
  const mfaTokens = new Map<string, string>();
  const usedFactors = new Set<string>();
  const accessTokens = new Map<string, { username: string; expired: boolean; revoked: boolean; claims: Record<string, unknown> }>();
  const refreshTokens = new Map<string, { username: string; sid: string; state: "current" | "rotated" | "revoked" }>();
  const requests: ReceivedRequest[] = [];
  let interceptor: Interceptor | null = null;
  let serial = 0;

  const makeToken = (claims: Record<string, unknown>): string =>
    `${base64url({ alg: "HS256", typ: "JWT" })}.${base64url(claims)}.c2lnbmF0dXJl`;

  const issue = (username: string, sid: string, fresh: boolean, extra: Record<string, unknown> = {}) => {
    const user = users.get(username)!;
    const iat = Math.floor(now() / 1000);
    serial += 1;
    const common = { sub: user.id, iat, nbf: iat, sid, username, roles: user.roles, ...extra };
    const accessClaims = { ...common, jti: `a${serial}`, exp: iat + ttl, type: "access", fresh };
    const access_token = makeToken(accessClaims);
    const refresh_token = makeToken({ ...common, jti: `r${serial}`, exp: iat + 30 * 86400, type: "refresh" });
    accessTokens.set(access_token, { username, expired: false, revoked: false, claims: accessClaims });
    refreshTokens.set(refresh_token, { username, sid, state: "current" });
    return { access_token, refresh_token, token_type: "Bearer", expires_in: ttl };
  };

  const bearer = (request: ReceivedRequest): string | null => {
    const match = /^Bearer (.+)$/.exec(request.authorization ?? "");
    return match?.[1] ?? null;
  };

  const checkAccess = (request: ReceivedRequest) => {
    const token = bearer(request);
    if (token === null) return { failure: error(401, "missing_token", "Missing Authorization Header") };
    const entry = accessTokens.get(token);
    if (!entry) return { failure: error(401, "invalid_token", "Signature verification failed") };
    if (entry.revoked) return { failure: error(401, "token_revoked", "Token has been revoked") };
    if (entry.expired) return { failure: error(401, "token_expired", "Token has expired") };
    return { token, entry };
  };

  const route = (request: ReceivedRequest): Response => {
    const key = `${request.method} ${request.path}`;
    const body = (request.body ?? {}) as Record<string, unknown>;
    switch (key) {
      case "POST /auth/register": {
        const username = String(body.username ?? "");
        if (users.has(username)) return error(409, "username_taken", "Username already exists");
        const id = `user-${username}`;
        users.set(username, { id, password: String(body.password ?? ""), roles: ["user"] });
        return json(201, { id, username });
      }
      case "POST /auth/login": {
        const user = users.get(String(body.username ?? ""));
        if (!user || user.password !== body.password) return error(401, "bad_credentials", "Bad username or password");
        serial += 1;
        if (withSecondFactor.has(String(body.username))) {
          const mfaToken = `mfa-${serial}`;
          mfaTokens.set(mfaToken, String(body.username));
          return json(200, { mfa_required: true, mfa_token: mfaToken, expires_in: 300 });
        }
        return json(200, issue(String(body.username), `s${serial}`, true));
      }
      case "POST /auth/mfa/verify": {
        const username = mfaTokens.get(String(body.mfa_token ?? ""));
        const factor = body.code === MFA_CODE ? "code" : body.recovery_code === RECOVERY_CODE ? "recovery" : null;
        if (username === undefined || factor === null || usedFactors.has(factor)) return error(401, "invalid_code", "Invalid or expired code");
        usedFactors.add(factor);
        mfaTokens.delete(String(body.mfa_token));
        serial += 1;
        return json(200, issue(username, `s${serial}`, true, { amr: ["pwd", "otp", "mfa"] }));
      }
      case "POST /auth/refresh": {
        const token = bearer(request);
        if (token === null) return error(401, "missing_token", "Missing Authorization Header");
        const entry = refreshTokens.get(token);
        if (!entry) return error(401, "invalid_token", "Signature verification failed");
        if (entry.state !== "current") return error(401, "token_revoked", "Token has been revoked");
        entry.state = "rotated";
        return json(200, issue(entry.username, entry.sid, false));
      }
      case "DELETE /auth/logout": {
        const access = checkAccess(request);
        if (access.failure) return access.failure;
        access.entry.revoked = true;
        const refresh = refreshTokens.get(String(body.refresh_token ?? ""));
        if (refresh) refresh.state = "revoked";
        return json(200, { msg: "Access token revoked" });
      }
      case "GET /auth/me": {
        const access = checkAccess(request);
        if (access.failure) return access.failure;
        const user = users.get(access.entry.username)!;
        return json(200, { user: { id: user.id, username: access.entry.username, roles: user.roles }, claims: access.entry.claims });
      }
      case "GET /protected": {
        const access = checkAccess(request);
        if (access.failure) return access.failure;
        return json(200, { message: `Hello, ${access.entry.username}! This is a protected route.` });
      }
      case "POST /echo": {
        const access = checkAccess(request);
        if (access.failure) return access.failure;
        return json(200, { received: request.body ?? null });
      }
      default:
        return error(404, "not_found", "Not found");
    }
  };

  return {
    requests,
    requestsTo: (path) => requests.filter((request) => request.path === path),
    expireAccessTokens() {
      for (const entry of accessTokens.values()) entry.expired = true;
    },
    intercept(next) {
      interceptor = next;
    },
    makeToken,
    async fetch(input, init) {
      const request = new Request(input, init);
      const url = new URL(request.url);
      const text = request.method === "GET" || request.method === "HEAD" ? "" : await request.text();
      let body: unknown;
      try {
        body = text === "" ? undefined : JSON.parse(text);
      } catch {
        body = text;
      }
      const received: ReceivedRequest = {
        method: request.method,
        path: url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname,
        host: url.host,
        authorization: request.headers.get("authorization"),
        body,
      };
      requests.push(received);
      const intercepted = interceptor ? await interceptor(received) : undefined;
      return intercepted ?? route(received);
    },
  };
}

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/** A contract error response. */
export function error(status: number, code: string, msg: string): Response {
  return json(status, { error: code, msg });
}

/** base64url of a value's JSON. */
export function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** A promise with its resolve exposed: lets a test hold a request and release it later. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}
