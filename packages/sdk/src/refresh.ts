import type { AuthError } from "./auth-error.ts";
import { sessionKey, type AuthSession } from "./session.ts";

/**
 * Renews the session at most once at a time, however many callers ask.
 *
 * @example
 * ```ts
 * const refresher = createRefreshCoordinator({ current: () => store.current, renew: sendRefreshRequest });
 * await Promise.all([refresher.refresh(), refresher.refresh()]); // one request
 * ```
 */
export interface RefreshCoordinator {
  /** Renews the session; a caller arriving while a renewal runs shares it (one request, one outcome). */
  refresh(): Promise<AuthSession>;
  /**
   * The session to retry with after the server answered `token_expired` to `expiredAccessToken`
   * (the {@link sessionKey} of the session the call went out with).
   *
   * - a renewal is running: its outcome, shared (one request however many calls failed together);
   * - the current access token is another one (a renewal finished since this call went out): the
   *   current session, without renewing again;
   * - the session ended because renewing this very token failed: that renewal's error;
   * - no session: `null` (nothing to retry with);
   * - otherwise: a new renewal.
   */
  sessionAfterExpiry(expiredAccessToken: string): Promise<AuthSession | null>;
  /** Settles once no renewal is running; never rejects. */
  settled(): Promise<void>;
}

/**
 * What {@link createRefreshCoordinator} needs.
 *
 * @example
 * ```ts
 * const deps: RefreshCoordinatorDeps = { current: () => store.current, renew: () => postRefresh() };
 * ```
 */
export interface RefreshCoordinatorDeps {
  /** The session in memory now. */
  current(): AuthSession | null;
  /** Sends one refresh request and applies its outcome (store, events); rejects with its AuthError. */
  renew(): Promise<AuthSession>;
}

/**
 * Makes a {@link RefreshCoordinator}: the single flight in front of `renew`.
 *
 * Refresh tokens rotate: two refresh requests racing with the same token would have the server
 * treat the second as reuse (outside its grace window, revoking the whole family), so every
 * caller must share one in-flight request.
 *
 * @example
 * ```ts
 * const refresher = createRefreshCoordinator({ current: () => store.current, renew });
 * const session = await refresher.sessionAfterExpiry(request.headers.get("authorization")!.slice(7));
 * ```
 */
export function createRefreshCoordinator(deps: RefreshCoordinatorDeps): RefreshCoordinator {
  let inFlight: Promise<AuthSession> | null = null;
  // The last renewal's failure and the access token it was renewing: a call whose answer is
  // processed just after that failure gets the same error instead of starting another renewal.
  let lastFailure: { accessToken: string | undefined; error: unknown } | null = null;

  const refresh = (): Promise<AuthSession> => {
    inFlight ??= (async () => {
      const current = deps.current();
      const accessToken = current ? sessionKey(current) : undefined;
      try {
        const session = await deps.renew();
        lastFailure = null;
        return session;
      } catch (error) {
        lastFailure = { accessToken, error };
        throw error;
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  };

  const settled = async (): Promise<void> => {
    await inFlight?.catch(() => undefined);
  };

  return {
    refresh,
    settled,
    async sessionAfterExpiry(expiredAccessToken) {
      if (inFlight) return inFlight;
      const current = deps.current();
      if (current === null) {
        if (lastFailure !== null && lastFailure.accessToken === expiredAccessToken) throw lastFailure.error;
        return null;
      }
      if (sessionKey(current) !== expiredAccessToken) return current;
      return refresh();
    },
  };
}

/**
 * Whether a failed refresh ends the session. Any 401 does (`token_revoked`, `token_expired`,
 * `invalid_token`, …: the refresh token will never work again); anything else (no answer, 429,
 * 503) may pass, so the session is kept for a later try.
 *
 * @example
 * ```ts
 * refreshEndsSession(new AuthError({ code: "token_revoked", status: 401, msg: "" })); // true
 * refreshEndsSession(new AuthError({ code: "network_error", status: 0, msg: "" }));  // false
 * ```
 */
export function refreshEndsSession(error: AuthError): boolean {
  return error.status === 401;
}
