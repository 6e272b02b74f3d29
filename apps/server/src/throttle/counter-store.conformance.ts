import { describe, expect, test } from "bun:test";
import type { CounterStore } from "./counter-store.ts";

const NOW = 1_800_000_000_000;

/** The behaviour every counter store must have; keys are random, so suites may share a store. */
export function counterStoreConformance(name: string, open: () => Promise<CounterStore>): void {
  describe(`${name} counter store`, () => {
    test("counts hits within a window and starts a new window after it ends", async () => {
      const store = await open();
      const key = crypto.randomUUID();
      expect(await store.peek(key, NOW)).toEqual({ count: 0, resetAt: NOW });
      expect(await store.hit(key, 1000, NOW)).toEqual({ count: 1, resetAt: NOW + 1000 });
      expect(await store.hit(key, 1000, NOW + 500)).toEqual({ count: 2, resetAt: NOW + 1000 });
      expect(await store.peek(key, NOW + 999)).toEqual({ count: 2, resetAt: NOW + 1000 });
      expect(await store.peek(key, NOW + 1000)).toEqual({ count: 0, resetAt: NOW + 1000 });
      expect(await store.hit(key, 1000, NOW + 1000)).toEqual({ count: 1, resetAt: NOW + 2000 });
    });

    test("parallel hits are all counted", async () => {
      const store = await open();
      const key = crypto.randomUUID();
      await Promise.all(Array.from({ length: 20 }, () => store.hit(key, 60_000, NOW)));
      expect((await store.peek(key, NOW)).count).toBe(20);
    });

    test("release takes back one hit of the current window, never below zero and never in a new window", async () => {
      const store = await open();
      const key = crypto.randomUUID();
      await store.hit(key, 1000, NOW);
      await store.hit(key, 1000, NOW);
      await store.release(key, NOW + 10);
      expect((await store.peek(key, NOW + 10)).count).toBe(1);
      await store.release(key, NOW + 10);
      await store.release(key, NOW + 10);
      expect((await store.peek(key, NOW + 10)).count).toBe(0);
      await store.hit(key, 1000, NOW + 20);
      await store.release(key, NOW + 1000);
      expect(await store.hit(key, 1000, NOW + 1000)).toEqual({ count: 1, resetAt: NOW + 2000 });
    });

    test("clear forgets one key only", async () => {
      const store = await open();
      const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
      await store.hit(a, 60_000, NOW);
      await store.hit(b, 60_000, NOW);
      await store.clear(a);
      expect((await store.peek(a, NOW)).count).toBe(0);
      expect((await store.peek(b, NOW)).count).toBe(1);
    });
  });
}
