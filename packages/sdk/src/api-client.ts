import ky, { type KyInstance, type Options } from "ky";
import { csrfValue, needsCsrf, type CookieReader } from "./csrf-cookie.ts";
import { authErrorFromResponse, toAuthError } from "./to-auth-error.ts";

/**
 * A `fetch`-compatible function: what the SDK sends every request through. ky always calls it
 * with a `Request` and an `init` holding only options `Request` does not know (usually `{}`).
 *
 * @example
 * ```ts
 * // in-process, no port: wire the client straight to an Elysia app
 * const inProcess: FetchFunction = (input, init) => app.handle(new Request(input, init));
 * ```
 */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * What {@link createApiClient} needs from the auth client.
 *
 * @example
 * ```ts
 * const deps: ApiClientDeps = {
 *   baseUrl: "https://jot.example",
 *   fetch: undefined,
 *   accessToken: async () => store.current?.access_token ?? null,
 *   currentAccessToken: () => store.current?.access_token ?? null,
 *   accessTokenAfterExpiry: async () => null,
 * };
 * ```
 */
export interface ApiClientDeps {
  /** Joined in front of every string path, so `"protected"` and `"/protected"` both go under it. */
  baseUrl: string | URL;
  /** The `fetch` to use; ky's default (`globalThis.fetch`) when undefined. */
  fetch: FetchFunction | undefined;
  /**
   * How requests are signed in: `Authorization: Bearer`, or the browser's token cookies with the
   * CSRF value (read through `cookies`) as `X-CSRF-TOKEN` on unsafe methods. In cookie transport
   * the "access token" below is the session's key (see `sessionKey`): the token is never seen.
   */
  transport: "bearer" | "cookies";
  /** Where the CSRF cookie is read in cookie transport. */
  cookies: CookieReader;
  /** The access token to send with a new request, once any pending load or refresh is done. */
  accessToken(): Promise<string | null>;
  /** The access token right now, for retries ky makes on its own (network failures, 503, …). */
  currentAccessToken(): string | null;
  /**
   * The access token to retry with after the server said `expiredAccessToken` has expired, or
   * `null` not to retry (no session, or automatic refresh is off). Rejects with the refresh's
   * AuthError when the refresh failed.
   */
  accessTokenAfterExpiry(expiredAccessToken: string): Promise<string | null>;
}

// Per-call state lives in ky's `context`, the one object that follows a call through all its
// retries (each retry gets a new Request, so the request cannot carry it).
const CALL_STATE = "jotAuthCall";
interface CallState {
  renewed: boolean;
  /** The access token (or session key) the call went out with; `null` when none was sent. */
  sent: string | null;
}

/**
 * Makes the ky instance behind `auth.api`:
 *
 * - string paths are joined to `baseUrl` (ky's `prefix`), so a path can never send the token elsewhere;
 * - `Authorization: Bearer <access token>` is set on every request to the `baseUrl` origin
 *   (a `Request` or `URL` aimed at another origin is sent without it);
 * - a `401 token_expired` or `token_revoked` answer is renewed once and the call retried with the
 *   new token, through ky's `afterResponse` → `ky.retry()` (so it counts against `retry.limit`).
 *   A revoked access token usually means its whole session was ended elsewhere (logout
 *   everywhere, a password change): the refresh is then refused too, and the session ends with
 *   `expired` instead of lingering until the access token's `exp`;
 * - in cookie transport no Authorization header is set: the browser sends the token cookies
 *   (`credentials: "include"`), unsafe methods carry the CSRF cookie's value as `X-CSRF-TOKEN`, and
 *   `missing_token` (the browser dropped the expired access cookie) is renewed like `token_expired`;
 * - every failure of an HTTP exchange (error answer, no answer, timeout) rejects with an
 *   `AuthError`, via the `beforeError` hook. A successful answer whose body `.json()` cannot
 *   parse still throws the parser's `SyntaxError`: the exchange itself succeeded.
 *
 * @example
 * ```ts
 * const api = createApiClient({ baseUrl, fetch, accessToken, currentAccessToken, accessTokenAfterExpiry });
 * const { message } = await api.get("protected").json<{ message: string }>();
 * ```
 */
export function createApiClient(deps: ApiClientDeps): KyInstance {
  const tokenMayGoTo = sameOriginAs(deps.baseUrl);

  // Signs `request` in with `token`; answers what was sent, `null` when nothing was (another origin, no session).
  const authorize = (request: Request, token: string | null): string | null => {
    if (token === null || !tokenMayGoTo(request.url)) return null;
    if (deps.transport === "bearer") {
      request.headers.set("authorization", `Bearer ${token}`);
      return token;
    }
    const csrf = needsCsrf(request.method) ? csrfValue("access", deps.cookies) : null;
    if (csrf !== null) request.headers.set("x-csrf-token", csrf);
    return token;
  };

  const options: Options = {
    prefix: deps.baseUrl,
    ...(deps.transport === "cookies" ? { credentials: "include" as const } : {}),
    hooks: {
      init: [
        (callOptions) => {
          const state: CallState = { renewed: false, sent: null };
          callOptions.context = { ...callOptions.context, [CALL_STATE]: state };
        },
      ],
      beforeRequest: [
        async ({ request, options: callOptions }) => {
          const sent = authorize(request, await deps.accessToken());
          const state = callOptions.context[CALL_STATE] as CallState | undefined;
          if (state) state.sent = sent;
        },
      ],
      afterResponse: [
        async ({ response, options: callOptions }) => {
          if (response.status !== 401) return;
          const state = callOptions.context[CALL_STATE] as CallState | undefined;
          const sent = state?.sent ?? null;
          if (!state || state.renewed || sent === null) return;
          const error = await authErrorFromResponse(response);
          if (!RENEWABLE[deps.transport].has(error.code)) return;
          // Throws the refresh's AuthError when it failed: ky treats that as fatal and the call
          // rejects with it (after beforeError, which passes AuthErrors through).
          const token = await deps.accessTokenAfterExpiry(sent);
          if (token === null) return;
          state.renewed = true;
          // beforeRetry puts the current token on the retried request. `cause` is what the call
          // rejects with if ky's retry limit forbids the retry.
          return ky.retry({ delay: 0, code: "TOKEN_REFRESHED", cause: error });
        },
      ],
      beforeRetry: [
        ({ request }) => {
          authorize(request, deps.currentAccessToken());
        },
      ],
      beforeError: [({ error }) => toAuthError(error)],
    },
  };
  if (deps.fetch) options.fetch = deps.fetch;
  return ky.create(options);
}

/**
 * The 401s a refresh may cure; any other is the call's own answer. In cookie transport the browser
 * drops the access cookie when its token expires, so a call sent while a session is held and
 * answered `missing_token` met an expired token too.
 */
const RENEWABLE: Record<ApiClientDeps["transport"], ReadonlySet<string>> = {
  bearer: new Set(["token_expired", "token_revoked"]),
  cookies: new Set(["token_expired", "token_revoked", "missing_token"]),
};

/**
 * Whether a 401 with `code` to a signed-in call means the access token expired: `token_expired`,
 * and in cookie transport also `missing_token` (the browser dropped the expired access cookie).
 *
 * @example
 * ```ts
 * accessTokenExpired("cookies", "missing_token"); // true
 * accessTokenExpired("bearer", "missing_token");  // false
 * ```
 */
export function accessTokenExpired(transport: ApiClientDeps["transport"], code: string): boolean {
  return code === "token_expired" || (transport === "cookies" && code === "missing_token");
}

// The access token only goes to the server it was issued by. When the base URL is relative and
// there is no page to resolve it against, the origin is unknown and nothing can be compared.
function sameOriginAs(baseUrl: string | URL): (url: string) => boolean {
  let origin: string | null;
  try {
    origin = new URL(baseUrl, (globalThis as { location?: { href?: string } }).location?.href).origin;
  } catch {
    origin = null;
  }
  return (url) => {
    if (origin === null) return true;
    try {
      return new URL(url).origin === origin;
    } catch {
      return false;
    }
  };
}
