import type { Scheduler } from "../refresh-timer.ts";

/** One timer the fake scheduler holds. */
export interface PendingTimer {
  delayMs: number;
  fire(): void;
}

/** A {@link Scheduler} whose timers only fire when the test says so. */
export interface FakeScheduler {
  schedule: Scheduler;
  /** Timers scheduled and neither fired nor cancelled, oldest first. */
  readonly pending: PendingTimer[];
  /** Every delay ever scheduled, in order. */
  readonly delays: number[];
}

export function createFakeScheduler(): FakeScheduler {
  const pending: PendingTimer[] = [];
  const delays: number[] = [];
  const remove = (timer: PendingTimer) => {
    const index = pending.indexOf(timer);
    if (index !== -1) pending.splice(index, 1);
  };
  return {
    pending,
    delays,
    schedule(callback, delayMs) {
      delays.push(delayMs);
      const timer: PendingTimer = {
        delayMs,
        fire() {
          remove(timer);
          callback();
        },
      };
      pending.push(timer);
      return () => remove(timer);
    },
  };
}
