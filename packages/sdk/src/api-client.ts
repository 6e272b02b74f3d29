import ky, { type KyInstance, type Options } from "ky";
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

  const options: Options = {
    prefix: deps.baseUrl,
    hooks: {
      init: [
        (callOptions) => {
          const state: CallState = { renewed: false };
          callOptions.context = { ...callOptions.context, [CALL_STATE]: state };
        },
      ],
      beforeRequest: [
        async ({ request }) => {
          const token = await deps.accessToken();
          if (token !== null && tokenMayGoTo(request.url)) request.headers.set("authorization", `Bearer ${token}`);
        },
      ],
      afterResponse: [
        async ({ request, response, options: callOptions }) => {
          if (response.status !== 401) return;
          const state = callOptions.context[CALL_STATE] as CallState | undefined;
          const sent = bearerToken(request);
          if (!state || state.renewed || sent === null) return;
          const error = await authErrorFromResponse(response);
          if (!RENEWABLE.has(error.code)) return;
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
          const token = deps.currentAccessToken();
          if (token !== null && tokenMayGoTo(request.url)) request.headers.set("authorization", `Bearer ${token}`);
        },
      ],
      beforeError: [({ error }) => toAuthError(error)],
    },
  };
  if (deps.fetch) options.fetch = deps.fetch;
  return ky.create(options);
}

/** The 401s a refresh may cure; any other is the call's own answer. */
const RENEWABLE: ReadonlySet<string> = new Set(["token_expired", "token_revoked"]);

function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  const match = header === null ? null : /^Bearer (.+)$/.exec(header);
  return match?.[1] ?? null;
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
