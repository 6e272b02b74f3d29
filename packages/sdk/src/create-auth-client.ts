import {
  ERROR_CODES,
  ROUTES,
  type ForgotPasswordBody,
  type LoginBody,
  type LogoutBody,
  type MessageResponse,
  type MfaChallenge,
  type PasskeyCreatedResponse,
  type RegisterBody,
  type RegisterResponse,
  type ResetPasswordBody,
} from "@jot/shared";
import ky, { type KyInstance, type Options } from "ky";
import { accessTokenExpired, createApiClient, type FetchFunction } from "./api-client.ts";
import { AuthError, isAuthError } from "./auth-error.ts";
import { csrfValue, documentCookies, type CookieReader } from "./csrf-cookie.ts";
import type { AuthMeResponse, MfaRequired, SecondFactor } from "./contract-types.ts";
import { createAuthEvents, type AuthChangeEvent, type AuthChangeListener } from "./events.ts";
import { createRefreshCoordinator, refreshEndsSession } from "./refresh.ts";
import { webLocks, type LockFunction } from "./refresh-lock.ts";
import { refreshDelayMs, timerScheduler, type Scheduler } from "./refresh-timer.ts";
import { parseStoredSession, sessionFromCookieAnswer, sessionFromTokenPair, sessionKey, type AuthSession } from "./session.ts";
import { createSessionStore } from "./session-store.ts";
import { memoryStorage } from "./storage/memory-storage.ts";
import type { AuthStorage } from "./storage/storage.ts";
import { malformedAnswerError, readJsonAnswer, toAuthError } from "./to-auth-error.ts";
import { loginWithPasskey, type PasskeyLoginOptions, registerPasskey } from "./passkeys/passkey-ceremonies.ts";

/**
 * The key the session is stored under unless {@link AuthClientOptions.storageKey} says otherwise.
 *
 * @example
 * ```ts
 * localStorage.getItem(DEFAULT_STORAGE_KEY); // '{"v":1,"access_token":"…",…}'
 * ```
 */
export const DEFAULT_STORAGE_KEY = "jot.session";

/**
 * Options of {@link createAuthClient}. Only `baseUrl` is required.
 *
 * @example
 * ```ts
 * const options: AuthClientOptions = {
 *   baseUrl: "https://jot.example",
 *   storage: localStorageStorage(),
 *   autoRefresh: true,
 * };
 * ```
 */
export interface AuthClientOptions {
  /**
   * The jot server's URL, path included (`https://example.com/jot`). Every path, the SDK's own and
   * `auth.api`'s, is joined to it, with or without a leading slash.
   */
  baseUrl: string | URL;
  /**
   * Where the session is kept between runs. A storage with `subscribe` (such as
   * `localStorageStorage()`) also keeps the tabs that share it in step: a login, refresh or logout
   * in one reaches the others' `session` and `onChange` listeners without a reload.
   * @default memoryStorage(): nothing survives the process or page
   */
  storage?: AuthStorage;
  /**
   * The key the session is stored under; give each client its own when several share one storage.
   * @default "jot.session"
   */
  storageKey?: string;
  /**
   * The `fetch` every request goes through (custom agents, instrumentation, or an in-process
   * server in tests: `(input, init) => app.handle(new Request(input, init))`).
   * @default globalThis.fetch
   */
  fetch?: FetchFunction;
  /**
   * Refresh the session on a timer shortly before the access token expires (30 s before, or half
   * its lifetime when that is shorter). The timer never keeps a process alive, is rescheduled after
   * every login and refresh, and stops on logout, expiry and {@link AuthClient.close}.
   *
   * Independent of this option, an `auth.api` call answered `token_expired` always refreshes once
   * and retries: `false` only stops the background timer.
   * @default true
   */
  autoRefresh?: boolean;
  /**
   * How the client signs in to jot.
   *
   * - `"bearer"`: the token pair is kept in `storage` and the access token sent as
   *   `Authorization: Bearer …`.
   * - `"cookies"`: for browser apps of a server with `JWT_TOKEN_LOCATION=cookies`. The tokens live
   *   in HttpOnly cookies no script can read; every request includes credentials, and unsafe ones
   *   (`POST`, `PUT`, `PATCH`, `DELETE`) carry the CSRF cookie's value as `X-CSRF-TOKEN`. `storage`
   *   keeps only the claims and expiry (no token), so tabs still follow each other;
   *   `session.access_token` and `refresh_token` are empty strings. A page on another origin than
   *   jot needs its origin in jot's `CORS_ORIGINS`.
   * @default "bearer"
   */
  transport?: "bearer" | "cookies";
  /**
   * Where cookie transport reads the CSRF cookies jot sets.
   * @default documentCookies: `document.cookie`
   */
  cookies?: CookieReader;
  /**
   * The clock, in milliseconds since the epoch; injected so tests control time.
   * @default Date.now
   */
  now?: () => number;
  /**
   * Runs the refresh timer; injected so tests fire it by hand.
   * @default timerScheduler (setTimeout, unref'd)
   */
  scheduler?: Scheduler;
  /**
   * Held around every renewal and logout, under the name `<storageKey>:refresh`, so that tabs
   * sharing one stored session never present the same refresh token at once. Once it holds the
   * lock, the client reads storage again: when another tab renewed (or ended) the session
   * meanwhile, it takes that result instead of sending its own request.
   * @default webLocks: `navigator.locks` where the runtime has it, else no lock (the server's
   * refresh grace window then covers two tabs renewing together)
   */
  lock?: LockFunction;
  /**
   * Told when the storage throws or rejects. The client carries on from memory: the session works
   * for this run but will not survive it.
   * @default logs with console.error
   */
  onStorageError?: (error: unknown) => void;
}

/**
 * The client for one jot server. Every method rejects with an {@link AuthError}. `Extra` types the
 * additional claims of the access token (see {@link createAuthClient}).
 *
 * @example
 * ```ts
 * const auth: AuthClient = createAuthClient({ baseUrl: "https://jot.example" });
 * await auth.login({ username: "ada", password: "correct horse battery staple" });
 * const { message } = await auth.api.get("protected").json<{ message: string }>();
 * await auth.logout();
 * ```
 */
export interface AuthClient<Extra extends object = Record<string, unknown>> {
  /**
   * A ky instance for calls to the server: paths are joined to `baseUrl`, the current access token
   * is sent as `Authorization: Bearer …`, and a call answered `token_expired` is refreshed once
   * (shared with every other call failing at the same time) and retried. Failed exchanges reject
   * with {@link AuthError}; a successful answer `.json()` cannot parse throws its `SyntaxError`.
   * The retry counts against ky's `retry.limit`: with `retry: 0` the call rejects with
   * `token_expired`, though the session is still refreshed for the next call.
   */
  readonly api: KyInstance;
  /** The current session, read synchronously; `null` when signed out or before {@link ready} settles. */
  readonly session: AuthSession<Extra> | null;
  /**
   * Settles (never rejects) once the stored session has been read, with that session. Methods and
   * `api` calls wait for it themselves; await it only to read {@link session} right after creation.
   */
  readonly ready: Promise<AuthSession<Extra> | null>;
  /** `POST /auth/register`: creates a user. Does not sign in. */
  register(body: RegisterBody): Promise<RegisterResponse>;
  /**
   * `POST /auth/login` (JSON): stores the new session and emits `login`. A session already held is
   * replaced without being revoked; call {@link logout} first to end it on the server too.
   *
   * When the account has a second factor on, nothing is stored yet and it resolves
   * `{ mfa_required: true }`: finish the login with {@link verifyMfa} within the server's time
   * (5 minutes). The `mfa_token` the server answered stays inside the client.
   */
  login(body: LoginBody): Promise<AuthSession<Extra> | MfaRequired>;
  /**
   * `POST /auth/mfa/verify`: finishes the login that resolved `{ mfa_required: true }` with the
   * authenticator's `code` or a `recovery_code`; stores the session (its tokens carry
   * `amr: ["pwd", "otp", "mfa"]`) and emits `login`. A wrong code rejects with `invalid_code` and the
   * login still waits, so the user can type it again; with no login waiting it rejects with
   * `invalid_code` without a request.
   */
  verifyMfa(factor: SecondFactor): Promise<AuthSession<Extra>>;
  /**
   * `POST /auth/password/forgot`: asks for a password reset token to be sent to the user. Resolves
   * with the same `{ msg }` whether or not the user exists; the token arrives by the server's
   * channel (mail to a verified email, or the app's webhook). Does not need or change a session.
   */
  forgotPassword(body: ForgotPasswordBody): Promise<MessageResponse>;
  /**
   * `POST /auth/password/reset`: sets a new password with a reset token. The server ends every
   * session of that user; a session of theirs held here ends at its next refresh (`expired`). The
   * session held here is left alone: the token does not say whose it is. A wrong, used or expired
   * token rejects with `invalid_reset_token`. The user's passkeys stay unless the body has
   * `remove_passkeys: true`.
   */
  resetPassword(body: ResetPasswordBody): Promise<MessageResponse>;
  /**
   * Adds a passkey to the signed-in user (browser only): the server's options, the browser's
   * `navigator.credentials.create`, the server's check. Needs a fresh access token (straight from
   * a login). A ceremony the user cancels rejects with `passkey_cancelled`.
   */
  registerPasskey(options?: { name?: string }): Promise<PasskeyCreatedResponse>;
  /**
   * Logs in with a passkey (browser only), as {@link login} does with a password: stores the new
   * session and emits `login`. `username` offers only that user's passkeys; `autofill` waits for
   * the user to pick one in an input's autofill. Rejects with `passkey_cancelled` when the ceremony
   * ends without a passkey, and `unknown_passkey` when the server has none with that id.
   */
  loginWithPasskey(options?: PasskeyLoginOptions): Promise<AuthSession<Extra>>;
  /** `GET /auth/me`: the signed-in user and the server's view of the access token's claims. */
  me(): Promise<AuthMeResponse<Extra>>;
  /**
   * `POST /auth/refresh` with the refresh token: stores the new pair and emits `refresh`. Calls
   * made while one runs share it. A 401 answer (revoked, expired, invalid) ends the session
   * (storage cleared, `expired` emitted); any other failure keeps it. Rejects with `missing_token`
   * when signed out. When another tab renewed the session while this one waited for the
   * {@link AuthClientOptions.lock}, its pair is taken and no request is sent.
   */
  refresh(): Promise<AuthSession<Extra>>;
  /**
   * `DELETE /auth/logout` with the access token and `{refresh_token}`, revoking both; then clears
   * storage and emits `logout`. The session is cleared even when the server call fails (the user
   * asked to be signed out here), and the call then still rejects with that failure. Resolves
   * without a request when already signed out.
   *
   * When the access token has expired (answered `token_expired`), the session is renewed once
   * (`refresh` is emitted) and the revocation sent again with the new pair, so the server-side
   * session really ends. If that renewal is refused, the session ends as `expired` instead and
   * `logout` is not emitted.
   */
  logout(): Promise<void>;
  /**
   * Calls `listener` after every session change, this tab's and (with a storage that has
   * `subscribe`) other tabs'; returns the function that unsubscribes it.
   */
  onChange(listener: AuthChangeListener<Extra>): () => void;
  /**
   * Stops the refresh timer for good and stops following other tabs. Requests still work; nothing
   * is scheduled any more.
   */
  close(): void;
  /** Same as {@link close}, for `using auth = createAuthClient(…)`. */
  [Symbol.dispose](): void;
}

/**
 * Makes a client for the jot server at `options.baseUrl` and starts reading the stored session.
 *
 * `Extra` names the additional claims your server puts in access tokens, so that
 * `session.claims` types them. The client decodes claims without verifying them (it has no key),
 * so this is your statement about your server, not a check.
 *
 * @throws TypeError when `baseUrl` is missing: a programming error, reported at once rather than per request.
 * @example
 * ```ts
 * const auth = createAuthClient({ baseUrl: "https://jot.example", storage: localStorageStorage() });
 * const off = auth.onChange((event, session) => console.log(event, session?.claims.username));
 * await auth.login({ username: "ada", password: "correct horse battery staple" });
 * console.log(await auth.me());
 * off();
 *
 * // additional claims, typed
 * const tenantAuth = createAuthClient<{ tenant: string }>({ baseUrl: "https://jot.example" });
 * const signedIn = await tenantAuth.login({ username: "ada", password: "correct horse battery staple" });
 * // with a second factor on, the login waits for the authenticator's code
 * const session = "mfa_required" in signedIn ? await tenantAuth.verifyMfa({ code: "492039" }) : signedIn;
 * session.claims.tenant; // string
 * ```
 */
export function createAuthClient<Extra extends object = Record<string, unknown>>(options: AuthClientOptions): AuthClient<Extra> {
  const { baseUrl } = options;
  if (!(baseUrl instanceof URL) && (typeof baseUrl !== "string" || baseUrl === "")) {
    throw new TypeError("createAuthClient: `baseUrl` must be the jot server's URL");
  }
  const now = options.now ?? Date.now;
  const transport = options.transport ?? "bearer";
  if (transport !== "bearer" && transport !== "cookies") throw new TypeError('createAuthClient: `transport` must be "bearer" or "cookies"');
  const cookieTransport = transport === "cookies";
  const readCookies = options.cookies ?? documentCookies;
  // What a login or refresh answer becomes, and the credentials each endpoint call carries.
  const sessionFromAnswer = cookieTransport ? sessionFromCookieAnswer : sessionFromTokenPair;
  const signedWith = (token: string, csrf: "access" | "refresh"): Record<string, string> => {
    if (!cookieTransport) return { authorization: `Bearer ${token}` };
    const value = csrfValue(csrf, readCookies);
    return value === null ? {} : { "x-csrf-token": value };
  };
  const autoRefresh = options.autoRefresh ?? true;
  const scheduler = options.scheduler ?? timerScheduler;
  const events = createAuthEvents();
  const storage = options.storage ?? memoryStorage();
  const storageKey = options.storageKey ?? DEFAULT_STORAGE_KEY;
  const lock = options.lock ?? webLocks;
  const store = createSessionStore({
    storage,
    key: storageKey,
    onStorageError: options.onStorageError ?? ((error) => console.error("[@jot/sdk] session storage failed:", error)),
  });

  // The auth endpoints are called once, never retried by ky: a refresh replayed after a lost answer
  // would present an already-rotated token, and a login or logout failure should surface at once.
  const endpointOptions: Options = {
    prefix: baseUrl,
    retry: 0,
    ...(cookieTransport ? { credentials: "include" as const } : {}),
    hooks: { beforeError: [({ error }) => toAuthError(error)] },
  };
  if (options.fetch) endpointOptions.fetch = options.fetch;
  const http = ky.create(endpointOptions);

  let closed = false;
  /** The `mfa_token` of a login waiting for its second factor: kept in memory only, never stored. */
  let pendingMfaToken: string | null = null;
  let cancelTimer: (() => void) | null = null;

  const stopTimer = (): void => {
    cancelTimer?.();
    cancelTimer = null;
  };

  const scheduleRefresh = (session: AuthSession | null): void => {
    stopTimer();
    if (!autoRefresh || closed || session === null) return;
    cancelTimer = scheduler(() => {
      cancelTimer = null;
      onTimer(session);
    }, refreshDelayMs(session, now()));
  };

  // Every change goes through here: timer, memory, storage, then listeners, in that order, so a
  // listener sees the new session both in `auth.session` and in storage.
  const changeSession = async (event: AuthChangeEvent, session: AuthSession | null): Promise<void> => {
    scheduleRefresh(session);
    await store.replace(session);
    events.emit(event, session);
  };

  // A session another tab stored: taken as this client's own without writing it back. A value this
  // version cannot read (another SDK version, garbage) is left alone rather than read as a logout.
  const followStored = (value: string | null): void => {
    const next = parseStoredSession(value);
    if (next === null && value !== null) return;
    const current = store.current;
    if (sameTokens(current, next)) return;
    const event: AuthChangeEvent = next === null ? "logout" : current !== null && sameFamily(current, next) ? "refresh" : "login";
    scheduleRefresh(next);
    store.adopt(next);
    events.emit(event, next);
  };

  // Whether this client holds the tab lock right now (logout renewing inside it): Web Locks are not
  // reentrant, and callers in this tab are already serialised by the refresh coordinator.
  let holdingLock = false;
  const exclusive = <T>(task: () => Promise<T>): Promise<T> => {
    if (holdingLock) return task();
    return lock(`${storageKey}:refresh`, async () => {
      holdingLock = true;
      try {
        // Another tab may have renewed or ended the session while this one waited.
        await store.ready;
        const stored = await store.readStored();
        if (stored !== undefined) followStored(stored);
        return await task();
      } finally {
        holdingLock = false;
      }
    });
  };

  const renew = async (): Promise<AuthSession> => {
    await store.ready;
    const before = store.current;
    if (before === null) throw notSignedIn();
    return exclusive(async () => {
      // Renewed (or ended) elsewhere meanwhile: that result stands and nothing is sent.
      if (store.current !== before) {
        if (store.current === null) throw notSignedIn();
        return store.current;
      }
      return sendRefresh(before);
    });
  };

  const sendRefresh = async (from: AuthSession): Promise<AuthSession> => {
    let session: AuthSession;
    try {
      const response = await http.post(ROUTES.refresh, { headers: signedWith(from.refresh_token, "refresh") });
      const renewed = sessionFromAnswer(await readJsonAnswer(response), now());
      if (renewed === null) throw malformedAnswerError(response.status);
      session = renewed;
    } catch (caught) {
      const error = toAuthError(caught);
      // Only the session this refresh was for ends: a login that finished meanwhile stays.
      if (refreshEndsSession(error) && store.current === from) await changeSession("expired", null);
      throw error;
    }
    // A logout or a new login finished while the request was out: that newer state wins and the
    // pair just received is dropped, so a signed-out client is never signed back in.
    if (store.current !== from) {
      if (store.current === null) throw notSignedIn();
      return store.current;
    }
    await changeSession("refresh", session);
    return session;
  };

  const refresher = createRefreshCoordinator({ current: () => store.current, renew });

  const revoke = async (session: AuthSession): Promise<void> => {
    const headers = signedWith(session.access_token, "access");
    // In cookie transport the refresh cookie goes along by itself and the server ends its session.
    const body: LogoutBody | undefined = cookieTransport ? undefined : { refresh_token: session.refresh_token };
    await http.delete(ROUTES.logout, body === undefined ? { headers } : { headers, json: body });
  };

  const onTimer = (due: AuthSession): void => {
    if (closed || store.current !== due) return;
    // Long delays are capped to what a timer holds, and timers may fire a little early: check again.
    if (refreshDelayMs(due, now()) > 0) {
      scheduleRefresh(due);
      return;
    }
    // The outcome is already applied (stored, or `expired` emitted). After a network failure the
    // session is kept and the next `api` call answered token_expired renews it.
    refresher.refresh().catch(() => undefined);
  };

  const keyOf = (session: AuthSession | null): string | null => (session === null ? null : sessionKey(session));
  const api = createApiClient({
    baseUrl,
    fetch: options.fetch,
    transport,
    cookies: readCookies,
    accessToken: async () => {
      await store.ready;
      // A renewal under way is about to replace the token: sending the old one would only earn a 401.
      await refresher.settled();
      return keyOf(store.current);
    },
    currentAccessToken: () => keyOf(store.current),
    accessTokenAfterExpiry: async (expired) => keyOf(await refresher.sessionAfterExpiry(expired)),
  });

  // Logging out ends the session here whatever the server answers; see AuthClient.logout.
  const endSession = async (): Promise<void> => {
    const session = store.current;
    if (session === null) return;
    try {
      try {
        await revoke(session);
      } catch (caught) {
        // An expired access token cannot revoke anything, and the refresh token would stay valid
        // on the server: renew once so the revocation still happens.
        if (!isAuthError(caught) || !accessTokenExpired(transport, caught.code)) throw caught;
        await revoke(await refresher.refresh());
      }
    } finally {
      // Forgotten whatever the server said: a token kept because the server was unreachable
      // would silently sign the user back in. Already gone if the renewal above ended it
      // (`expired` was emitted then).
      if (store.current !== null) await changeSession("logout", null);
    }
  };

  void store.ready.then((session) => {
    if (store.current === session && cancelTimer === null) scheduleRefresh(session);
  });

  // Other tabs' changes, as they happen. Before the stored session has been read they wait for it,
  // so the first read cannot overwrite a newer session another tab stored meanwhile.
  const stopFollowing =
    storage.subscribe?.(storageKey, (value) => {
      void store.ready.then(() => {
        if (!closed) followStored(value);
      });
    }) ?? null;

  const close = (): void => {
    closed = true;
    stopTimer();
    stopFollowing?.();
  };

  const client: AuthClient = {
    api,
    get session() {
      return store.current;
    },
    ready: store.ready,

    async register(body) {
      const response = await http.post(ROUTES.register, { json: body });
      const answer = await readJsonAnswer(response);
      if (!isRegisterResponse(answer)) throw malformedAnswerError(response.status);
      return answer;
    },

    async forgotPassword(body) {
      const response = await http.post(ROUTES.passwordForgot, { json: body });
      const answer = await readJsonAnswer(response);
      if (!isMessageResponse(answer)) throw malformedAnswerError(response.status);
      return answer;
    },

    async resetPassword(body) {
      const response = await http.post(ROUTES.passwordReset, { json: body });
      const answer = await readJsonAnswer(response);
      if (!isMessageResponse(answer)) throw malformedAnswerError(response.status);
      return answer;
    },

    async login(body) {
      await store.ready;
      pendingMfaToken = null;
      const response = await http.post(ROUTES.login, { json: body });
      const answer = await readJsonAnswer(response);
      if (isMfaChallenge(answer)) {
        pendingMfaToken = answer.mfa_token;
        return { mfa_required: true };
      }
      const session = sessionFromAnswer(answer, now());
      if (session === null) throw malformedAnswerError(response.status);
      await changeSession("login", session);
      return session;
    },

    async verifyMfa(factor) {
      await store.ready;
      const mfaToken = pendingMfaToken;
      if (mfaToken === null) throw new AuthError({ code: "invalid_code", status: 401, msg: "No login waits for a second factor; log in again" });
      const response = await http.post(ROUTES.mfaVerify, { json: { mfa_token: mfaToken, ...factor } });
      const session = sessionFromAnswer(await readJsonAnswer(response), now());
      if (session === null) throw malformedAnswerError(response.status);
      // Used: the server would refuse it again.
      if (pendingMfaToken === mfaToken) pendingMfaToken = null;
      await changeSession("login", session);
      return session;
    },

    registerPasskey: (options) => registerPasskey(api, options),

    async loginWithPasskey(options) {
      await store.ready;
      const { answer, status } = await loginWithPasskey(http, options);
      const session = sessionFromAnswer(answer, now());
      if (session === null) throw malformedAnswerError(status);
      await changeSession("login", session);
      return session;
    },

    async me() {
      const response = await api.get(ROUTES.me);
      const answer = await readJsonAnswer(response);
      if (!isMeResponse(answer)) throw malformedAnswerError(response.status);
      return answer;
    },

    refresh: () => refresher.refresh(),

    async logout() {
      await store.ready;
      // A renewal under way would rotate the refresh token: revoke the one that will be current.
      await refresher.settled();
      if (store.current === null) return;
      // Under the tab lock, after taking what other tabs stored: a renewal in another tab cannot
      // store a pair after this logout cleared it, and the pair revoked is the family's newest.
      await exclusive(endSession);
    },

    onChange: (listener) => events.subscribe(listener),
    close,
    [Symbol.dispose]: close,
  };
  // The claims are decoded, not verified: `Extra` is the caller's statement about its server.
  return client as unknown as AuthClient<Extra>;
}

// Not an HTTP answer (nothing was sent): the error the server would give a call with no token.
function notSignedIn(): AuthError {
  return new AuthError({ code: "missing_token", status: ERROR_CODES.missing_token.status, msg: "Not signed in" });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isMessageResponse(value: unknown): value is MessageResponse {
  return isRecord(value) && typeof value.msg === "string";
}

function isRegisterResponse(value: unknown): value is RegisterResponse {
  return isRecord(value) && typeof value.id === "string" && typeof value.username === "string";
}

// A login that waits for its second factor: no token, an mfa_token for POST /auth/mfa/verify.
function isMfaChallenge(value: unknown): value is MfaChallenge {
  return isRecord(value) && value.mfa_required === true && typeof value.mfa_token === "string" && value.mfa_token !== "";
}

// Same access and refresh token (or both signed out).
function sameTokens(a: AuthSession | null, b: AuthSession | null): boolean {
  if (a === null || b === null) return a === b;
  return sessionKey(a) === sessionKey(b) && a.refresh_token === b.refresh_token;
}

// Two sessions of one login (refresh family): a renewal rather than a new sign-in.
function sameFamily(a: AuthSession, b: AuthSession): boolean {
  return a.claims.sub === b.claims.sub && a.claims.sid === b.claims.sid;
}

function isMeResponse(value: unknown): value is AuthMeResponse {
  return isRecord(value) && isRecord(value.user) && isRecord(value.claims);
}
