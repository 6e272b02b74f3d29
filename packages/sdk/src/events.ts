import type { AuthSession } from "./session.ts";

/**
 * What changed the session:
 * - `login`: a password login stored a new session;
 * - `refresh`: the token pair was renewed (by `auth.refresh()`, the timer, or an expired `auth.api` call);
 * - `logout`: `auth.logout()` ended the session;
 * - `expired`: the server refused to renew it (revoked, expired refresh token); signing in again is needed.
 *
 * A change that another tab made reaches this tab as `login`, `refresh` or `logout` (storage
 * tells that the session is gone, not why).
 *
 * @example
 * ```ts
 * const signedOut: AuthChangeEvent[] = ["logout", "expired"];
 * ```
 */
export type AuthChangeEvent = "login" | "refresh" | "logout" | "expired";

/**
 * Called after every session change, once the change is in storage; `session` is the new
 * session, `null` after `logout` and `expired`. Changes made in another tab arrive here too when
 * the storage is shared (see {@link AuthChangeEvent}).
 *
 * @example
 * ```ts
 * const listener: AuthChangeListener = (event, session) => {
 *   if (event === "expired") router.push("/login");
 *   else renderUser(session?.claims.username);
 * };
 * ```
 */
export type AuthChangeListener<Extra extends object = Record<string, unknown>> = (
  event: AuthChangeEvent,
  session: AuthSession<Extra> | null,
) => void;

/**
 * The client's listener list.
 *
 * @example
 * ```ts
 * const events = createAuthEvents();
 * const off = events.subscribe((event) => console.log(event));
 * events.emit("logout", null); // logs "logout"
 * off();
 * ```
 */
export interface AuthEvents {
  /** Adds `listener`; the returned function removes it (calling it twice is harmless). */
  subscribe(listener: AuthChangeListener): () => void;
  /** Calls every listener subscribed at this moment, in subscription order. */
  emit(event: AuthChangeEvent, session: AuthSession | null): void;
}

/**
 * Makes an empty {@link AuthEvents}.
 *
 * A listener that throws does not stop the others nor the operation that changed the session:
 * its error goes to `onListenerError`, by default rethrown on a later microtask, where it shows as
 * an uncaught error instead of vanishing.
 *
 * @example
 * ```ts
 * const events = createAuthEvents();
 * events.subscribe((event, session) => console.log(event, session?.claims.sub));
 * ```
 */
export function createAuthEvents(onListenerError: (error: unknown) => void = rethrowLater): AuthEvents {
  const listeners = new Set<AuthChangeListener>();
  return {
    subscribe(listener) {
      // Wrapped so the same function subscribed twice gets two independent subscriptions.
      const entry: AuthChangeListener = (event, session) => listener(event, session);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    emit(event, session) {
      // A copy: a listener that unsubscribes (or subscribes another) must not skip or add one mid-way.
      for (const listener of [...listeners]) {
        try {
          listener(event, session);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
  };
}

function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
