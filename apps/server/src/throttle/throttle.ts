import { JotError } from "../errors.ts";
import type { CounterStore } from "./counter-store.ts";

/** At most `max` counted events per `windowMs` for one key. */
export interface Limit {
  max: number;
  windowMs: number;
}

/**
 * Throttling policy over a counter store (S-17). `guard` refuses with `429 rate_limited` and
 * `Retry-After` once any key is at its limit: it runs before the password is looked at, so a
 * correct password gets the same answer while throttled. `count` records one event.
 */
export class Throttle {
  constructor(
    private readonly counters: CounterStore,
    private readonly limit: Limit,
  ) {}

  /** Throws `rate_limited` when any of `keys` has used up its window, after calling `onRefused`. */
  async guard(keys: readonly string[], now: number, onRefused?: () => void): Promise<void> {
    let resetAt = 0;
    for (const key of keys) {
      const window = await this.counters.peek(key, now);
      if (window.count >= this.limit.max) resetAt = Math.max(resetAt, window.resetAt);
    }
    if (resetAt > 0) {
      onRefused?.();
      const retryAfter = Math.max(1, Math.ceil((resetAt - now) / 1000));
      throw new JotError("rate_limited", `Too many attempts; try again in ${retryAfter} seconds`, { "retry-after": String(retryAfter) });
    }
  }

  async count(keys: readonly string[], now: number): Promise<void> {
    for (const key of keys) await this.counters.hit(key, this.limit.windowMs, now);
  }

  async clear(key: string): Promise<void> {
    await this.counters.clear(key);
  }
}
