/** A counter's state in its current window. */
export interface WindowCount {
  count: number;
  /** When the window ends (ms since the epoch). */
  resetAt: number;
}

/**
 * Fixed-window counters for throttling (S-17), shared by every instance when the store is.
 * Every implementation passes `counter-store.conformance.ts`.
 */
export interface CounterStore {
  /** Adds one to `key`'s count in its window (a new window starts when the last one ended), atomically. */
  hit(key: string, windowMs: number, now: number): Promise<WindowCount>;
  /** The count in the current window, without adding; zero when there is none. */
  peek(key: string, now: number): Promise<WindowCount>;
  /** Takes back one hit of the current window (an attempt reserved ahead that turned out well). */
  release(key: string, now: number): Promise<void>;
  /** Forgets `key` (a successful login clears its account's failures). */
  clear(key: string): Promise<void>;
  /** Drops windows that ended. */
  prune(now: number): Promise<void>;
}
