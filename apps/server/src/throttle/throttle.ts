import { JotError } from "@jot/elysia/server";
import type { CounterStore } from "./counter-store.ts";

/** At most `max` counted events per `windowMs` for one key. */
export interface Limit {
  max: number;
  windowMs: number;
}

/**
 * Throttling policy over a counter store (S-17). An attempt is counted before its work is done
 * (`reserve`), in one atomic step per key, so attempts sent all at once cannot slip past the limit
 * together; an attempt that turns out well is taken back (`release`) or wipes the slate (`clear`).
 * A refusal is `429 rate_limited` with `Retry-After`, and comes before the password is looked
 * at, so a correct password gets the same answer while throttled.
 */
export class Throttle {
  constructor(
    private readonly counters: CounterStore,
    private readonly limit: Limit,
  ) {}

  /**
   * Counts one attempt on each key; throws `rate_limited` (after calling `onRefused`) when that
   * makes any key go over its limit. A refused attempt stays counted.
   */
  async reserve(keys: readonly string[], now: number, onRefused?: () => void): Promise<void> {
    let resetAt = 0;
    for (const key of keys) {
      const window = await this.counters.hit(key, this.limit.windowMs, now);
      if (window.count > this.limit.max) resetAt = Math.max(resetAt, window.resetAt);
    }
    if (resetAt > 0) {
      onRefused?.();
      const retryAfter = Math.max(1, Math.ceil((resetAt - now) / 1000));
      throw new JotError("rate_limited", `Too many attempts; try again in ${retryAfter} seconds`, { retryAfterSeconds: retryAfter });
    }
  }

  /** The attempts counted on `key` in its current window (none once it ended). */
  async counted(key: string, now: number): Promise<number> {
    return (await this.counters.peek(key, now)).count;
  }

  /** Takes back an attempt reserved on each key. */
  async release(keys: readonly string[], now: number): Promise<void> {
    for (const key of keys) await this.counters.release(key, now);
  }

  async clear(key: string): Promise<void> {
    await this.counters.clear(key);
  }
}
