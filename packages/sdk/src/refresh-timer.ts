import type { AuthSession } from "./session.ts";

/**
 * Runs `callback` once after `delayMs` and returns a function that cancels it. Injected so tests
 * fire timers by hand instead of sleeping.
 *
 * @example
 * ```ts
 * const cancel = scheduler(() => console.log("later"), 1000);
 * cancel(); // never logs
 * ```
 */
export type Scheduler = (callback: () => void, delayMs: number) => () => void;

/**
 * How long before expiry a refresh is scheduled, at most (short-lived tokens use half their lifetime).
 *
 * @example
 * ```ts
 * const refreshAt = session.expires_at * 1000 - REFRESH_LEAD_MS; // for a 15-minute token
 * ```
 */
export const REFRESH_LEAD_MS = 30_000;

// setTimeout stores its delay in a signed 32-bit integer; anything longer fires immediately.
const MAX_TIMER_DELAY_MS = 2_147_483_647;

/**
 * The default {@link Scheduler}: `setTimeout`, `unref()`ed where the runtime allows, so a pending
 * refresh never keeps a Bun or Node process alive.
 *
 * @example
 * ```ts
 * const cancel = timerScheduler(() => refresh(), 60_000);
 * ```
 */
export const timerScheduler: Scheduler = (callback, delayMs) => {
  const timer = setTimeout(callback, delayMs);
  (timer as { unref?: () => void }).unref?.();
  return () => clearTimeout(timer);
};

/**
 * How long to wait before refreshing `session`: until {@link REFRESH_LEAD_MS} before it expires,
 * or half its lifetime before when the lifetime is under a minute; `0` when that moment is past.
 * Capped at what a timer can hold (about 24.8 days); the timer checks again when it fires.
 *
 * The lifetime is `exp - iat` from the claims: both are server times, so their difference is
 * right whatever this client's clock says.
 *
 * @example
 * ```ts
 * // a 15-minute token issued just now: refresh 30 s before it expires
 * refreshDelayMs(session, Date.now()); // 870_000
 * ```
 */
export function refreshDelayMs(session: AuthSession, nowMs: number): number {
  const lifetimeMs = (session.claims.exp - session.claims.iat) * 1000;
  const leadMs = Number.isFinite(lifetimeMs) && lifetimeMs > 0 ? Math.min(REFRESH_LEAD_MS, lifetimeMs / 2) : REFRESH_LEAD_MS;
  const delayMs = session.expires_at * 1000 - leadMs - nowMs;
  return Math.min(Math.max(0, delayMs), MAX_TIMER_DELAY_MS);
}
