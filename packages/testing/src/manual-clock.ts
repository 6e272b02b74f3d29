import { setSystemTime } from "bun:test";

/** A 32-byte test key: never used outside tests. */
export const TEST_SECRET = "test-secret-key-of-exactly-32-by";

/** A clock tests move by hand. */
export interface ManualClock {
  (): number;
  set(ms: number): void;
  advance(seconds: number): void;
  /** Back to where it started. A clock shared by a file's tests is reset after each one (`afterEach`, which runs even when the test fails), so no test starts where another left it. */
  reset(): void;
}

/**
 * A clock tests move by hand. Reading it also sets the process's wall clock to it (bun:test's
 * `setSystemTime`) until the current task's synchronous work is done: `@elysiajs/jwt` stamps `iat`
 * from `new Date()` right after the issuer reads its clock, and the issuer checks that they agree.
 * Nothing else (timers, drivers) ever sees a frozen wall clock.
 */
export function manualClock(start = Date.UTC(2026, 0, 1)): ManualClock {
  let now = start;
  const clock = (() => {
    setSystemTime(now);
    queueMicrotask(() => setSystemTime());
    return now;
  }) as ManualClock;
  clock.set = (ms) => void (now = ms);
  clock.advance = (seconds) => void (now += seconds * 1000);
  clock.reset = () => void (now = start);
  return clock;
}
