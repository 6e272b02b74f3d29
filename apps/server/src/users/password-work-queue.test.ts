import { describe, expect, test } from "bun:test";
import { JotError } from "../errors.ts";
import { PasswordWorkQueue } from "./password-work-queue.ts";

/** A job that runs until the test lets it finish. */
function gatedJob<T>(value: T) {
  let finish!: () => void;
  const gate = new Promise<void>((resolve) => (finish = resolve));
  let started = false;
  return {
    run: async () => {
      started = true;
      await gate;
      return value;
    },
    finish,
    get started() {
      return started;
    },
  };
}

/** How a submission ended: its value, or the code and headers it was refused with. */
const settle = <T>(promise: Promise<T>): Promise<unknown> =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => (error instanceof JotError ? { refused: error.code, status: error.status, retryAfterSeconds: error.retryAfterSeconds } : { thrown: String(error) }),
  );

const OVERLOADED = { refused: "overloaded", status: 503, retryAfterSeconds: 1 };

describe("the password work queue", () => {
  test("runs at most `concurrency` jobs, queues up to `queue` more, and refuses the next at once with overloaded and Retry-After", async () => {
    const queue = new PasswordWorkQueue({ concurrency: 2, queue: 1, share: 1 });
    const jobs = [gatedJob("a"), gatedJob("b"), gatedJob("c"), gatedJob("d")];
    const submitted = jobs.map((job) => settle(queue.run(job.run)));
    await Bun.sleep(0);

    const whileFull = { started: jobs.map((job) => job.started), running: queue.running, waiting: queue.waiting, refused: await submitted[3] };
    jobs[0]!.finish();
    await submitted[0];
    await Bun.sleep(0);
    const afterOneFinished = { started: jobs.map((job) => job.started), running: queue.running, waiting: queue.waiting };
    jobs[1]!.finish();
    jobs[2]!.finish();

    expect({ whileFull, afterOneFinished, results: await Promise.all(submitted.slice(0, 3)), drained: [queue.running, queue.waiting] }).toEqual({
      whileFull: { started: [true, true, false, false], running: 2, waiting: 1, refused: OVERLOADED },
      afterOneFinished: { started: [true, true, true, false], running: 2, waiting: 0 },
      results: [{ value: "a" }, { value: "b" }, { value: "c" }],
      drained: [0, 0],
    });
  });

  test("with no queue, whatever cannot start straight away is refused, and a slot freed by a failing job is reused", async () => {
    const queue = new PasswordWorkQueue({ concurrency: 1, queue: 0, share: 1 });
    const first = gatedJob("first");
    const running = settle(queue.run(first.run));
    const refused = await settle(queue.run(async () => "second"));
    let capacityCheck: unknown = "none";
    try {
      queue.ensureCapacity();
    } catch (error) {
      capacityCheck = error instanceof JotError ? error.code : String(error);
    }
    first.finish();
    await running;
    const failing = await settle(queue.run(async () => Promise.reject(new Error("argon2 failed"))));
    expect({ refused, capacityCheck, failing, after: await settle(queue.run(async () => "third")), running: queue.running }).toEqual({
      refused: OVERLOADED,
      capacityCheck: "overloaded",
      failing: { thrown: "Error: argon2 failed" },
      after: { value: "third" },
      running: 0,
    });
  });

  test("limits that would never run a job are refused when the queue is built", () => {
    expect(() => new PasswordWorkQueue({ concurrency: 0, queue: 1 })).toThrow(TypeError);
    expect(() => new PasswordWorkQueue({ concurrency: 1, queue: -1 })).toThrow(TypeError);
    expect(() => new PasswordWorkQueue({ concurrency: 1.5, queue: 1 })).toThrow(TypeError);
    expect(() => new PasswordWorkQueue({ concurrency: 1, queue: 1, share: 0 })).toThrow(TypeError);
    expect(() => new PasswordWorkQueue({ concurrency: 1, queue: 1, share: 1.5 })).toThrow(TypeError);
  });

  test("with a share below 1 a slot rests after each job in proportion to its work, still counted as busy, so the queue refuses instead of piling on", async () => {
    let now = 0;
    const rests: Array<{ ms: number; over: () => void }> = [];
    const time = { now: () => now, wait: (ms: number) => new Promise<void>((over) => rests.push({ ms, over })) };
    const queue = new PasswordWorkQueue({ concurrency: 1, queue: 1, share: 0.25 }, time);
    const first = gatedJob("first");
    const second = gatedJob("second");
    const firstDone = settle(queue.run(first.run));
    const secondDone = settle(queue.run(second.run));
    await Bun.sleep(0);
    now = 40; // the first job worked 40 ms
    first.finish();
    expect(await firstDone).toEqual({ value: "first" });
    // A quarter of the time: 40 ms of work, then 120 ms of rest before the waiting job starts.
    expect(rests.map(({ ms }) => ms)).toEqual([120]);
    expect({ secondStarted: second.started, running: queue.running, waiting: queue.waiting }).toEqual({ secondStarted: false, running: 1, waiting: 1 });
    expect(await settle(queue.run(async () => "third"))).toEqual(OVERLOADED);
    rests[0]!.over();
    await Bun.sleep(0);
    expect(second.started).toBe(true);
    second.finish();
    expect(await secondDone).toEqual({ value: "second" });
  });
});
