import type { CounterStore, WindowCount } from "./counter-store.ts";

/** Counters held in this process only: for tests and single-process use. */
export class MemoryCounterStore implements CounterStore {
  readonly #windows = new Map<string, WindowCount>();

  async hit(key: string, windowMs: number, now: number): Promise<WindowCount> {
    const current = this.#windows.get(key);
    const next = current && current.resetAt > now ? { count: current.count + 1, resetAt: current.resetAt } : { count: 1, resetAt: now + windowMs };
    this.#windows.set(key, next);
    return next;
  }

  async peek(key: string, now: number): Promise<WindowCount> {
    const current = this.#windows.get(key);
    return current && current.resetAt > now ? current : { count: 0, resetAt: now };
  }

  async release(key: string, now: number): Promise<void> {
    const current = this.#windows.get(key);
    if (current && current.resetAt > now && current.count > 0) this.#windows.set(key, { count: current.count - 1, resetAt: current.resetAt });
  }

  async clear(key: string): Promise<void> {
    this.#windows.delete(key);
  }

  async prune(now: number): Promise<void> {
    for (const [key, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(key);
  }
}
