import { describe, expect, test } from "bun:test";
import { JotError } from "@jot/elysia/server";
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

  test("S-33: a freed slot goes to waiting clean work before suspect work, whichever came first", async () => {
    const queue = new PasswordWorkQueue({ concurrency: 1, queue: 3, share: 1 });
    const order: string[] = [];
    const job = (name: string) => {
      const gated = gatedJob(name);
      return { ...gated, run: () => (order.push(name), gated.run()) };
    };
    const [running, suspect1, suspect2, clean] = [job("running"), job("suspect 1"), job("suspect 2"), job("clean")];
    const done = [settle(queue.run(running.run, "suspect")), settle(queue.run(suspect1.run, "suspect")), settle(queue.run(suspect2.run, "suspect")), settle(queue.run(clean.run, "clean"))];
    await Bun.sleep(0);
    for (const next of [running, clean, suspect1, suspect2]) {
      next.finish();
      await Bun.sleep(0);
    }
    expect({ order, results: await Promise.all(done), drained: [queue.running, queue.waiting] }).toEqual({
      order: ["running", "clean", "suspect 1", "suspect 2"],
      results: [{ value: "running" }, { value: "suspect 1" }, { value: "suspect 2" }, { value: "clean" }],
      drained: [0, 0],
    });
  });

  test("S-33: clean work that finds the queue full takes the place of the latest suspect job, which is refused; suspect work never takes a place", async () => {
    const queue = new PasswordWorkQueue({ concurrency: 1, queue: 2, share: 1 });
    const running = gatedJob("running");
    const first = settle(queue.run(running.run, "suspect"));
    const early = settle(queue.run(async () => "early suspect", "suspect"));
    const late = settle(queue.run(async () => "late suspect", "suspect"));
    await Bun.sleep(0);
    const capacity = (workClass: "clean" | "suspect") => {
      try {
        queue.ensureCapacity(workClass);
        return "room";
      } catch (error) {
        return error instanceof JotError ? error.code : String(error);
      }
    };
    const whileSuspectsWait = { clean: capacity("clean"), suspect: capacity("suspect"), refusedSuspect: await settle(queue.run(async () => "one more suspect", "suspect")) };
    const cleanOne = settle(queue.run(async () => "clean one", "clean"));
    const displaced = await late;
    const cleanTwo = settle(queue.run(async () => "clean two", "clean"));
    const afterTwoClean = { waiting: queue.waiting, clean: capacity("clean"), refusedClean: await settle(queue.run(async () => "clean three", "clean")) };
    running.finish();
    expect({ whileSuspectsWait, displaced, afterTwoClean, served: await Promise.all([first, cleanOne, cleanTwo, early]) }).toEqual({
      whileSuspectsWait: { clean: "room", suspect: "overloaded", refusedSuspect: OVERLOADED },
      displaced: OVERLOADED,
      // The early suspect job gave its place up too; the queue now holds clean work only.
      afterTwoClean: { waiting: 2, clean: "overloaded", refusedClean: OVERLOADED },
      served: [{ value: "running" }, { value: "clean one" }, { value: "clean two" }, OVERLOADED],
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
