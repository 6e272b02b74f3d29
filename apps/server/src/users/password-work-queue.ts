import { JotError } from "@jot/elysia/server";

/** How much password hashing one instance takes on at once (S-27). */
export interface PasswordWorkLimits {
  /**
   * Hashes (or verifications) running at the same time. Each argon2id hash takes a core for tens of
   * milliseconds, so more than the cores left over after the guard only slows every request.
   * @default 1
   */
  concurrency: number;
  /**
   * Hashes waiting for a free slot; one more is refused at once with 503 `overloaded`.
   * `0` refuses whatever cannot start straight away.
   * @default 4
   */
  queue: number;
  /**
   * The share of a core's time one slot may spend on password work: after a job that took `d`, the
   * slot rests `d × (1 / share − 1)` before the next starts; `1` never rests. jot's hashing threads
   * already yield to the guard (they run at a lower CPU priority); a share below 1 is for hashers
   * that cannot.
   * @default 1
   */
  share?: number;
}

/**
 * Which line a job waits in (S-33). `clean` work (an account and network without recent failures)
 * always goes first; `suspect` work waits behind it and gives its place up to it when the queue is
 * full, so failing logins, however many, cannot starve anyone else's.
 */
export type PasswordWorkClass = "clean" | "suspect";

/** A job waiting for a slot: started with `start`, or refused with `refuse` when clean work takes its place. */
interface Waiter {
  start: () => void;
  refuse: (error: JotError) => void;
}

/** How the queue reads time and waits; a test gives its own. */
export interface QueueClock {
  now(): number;
  wait(ms: number): Promise<void>;
}

const REAL_TIME: QueueClock = { now: () => performance.now(), wait: (ms) => Bun.sleep(ms) };

/** Seconds a refused client is told to wait: about how long a full queue takes to drain. */
const RETRY_AFTER_SECONDS = 1;

const overloaded = () => new JotError("overloaded", undefined, { retryAfterSeconds: RETRY_AFTER_SECONDS });

/**
 * A bounded queue in front of password work: at most `concurrency` jobs run, at most `queue` wait,
 * and anything beyond is refused at once with `overloaded` (and `Retry-After`) rather than piling
 * up — so a login storm cannot starve the guard of CPU, nor hold requests open for seconds.
 * Waiting jobs are served clean first ({@link PasswordWorkClass}); a clean job that finds the queue
 * full takes the place of the latest suspect one, which is refused instead.
 */
export class PasswordWorkQueue {
  readonly #limits: PasswordWorkLimits;
  readonly #waiting: Record<PasswordWorkClass, Waiter[]> = { clean: [], suspect: [] };
  #running = 0;

  readonly #time: QueueClock;
  readonly #restFactor: number;

  constructor(limits: PasswordWorkLimits, time: QueueClock = REAL_TIME) {
    if (!(Number.isInteger(limits.concurrency) && limits.concurrency >= 1)) throw new TypeError("concurrency must be a whole number of at least 1");
    if (!(Number.isInteger(limits.queue) && limits.queue >= 0)) throw new TypeError("queue must be a whole number of at least 0");
    const share = limits.share ?? 1;
    if (!(share > 0 && share <= 1)) throw new TypeError("share must be more than 0 and at most 1");
    this.#limits = limits;
    this.#time = time;
    this.#restFactor = 1 / share - 1;
  }

  /** Jobs running now. */
  get running(): number {
    return this.#running;
  }

  /** Jobs waiting for a slot now. */
  get waiting(): number {
    return this.#waiting.clean.length + this.#waiting.suspect.length;
  }

  /**
   * Throws `overloaded` when a job of `workClass` submitted now would be refused. Lets a route
   * refuse before it counts an attempt against a throttle, so an overload never locks an account.
   */
  ensureCapacity(workClass: PasswordWorkClass = "clean"): void {
    if (this.#running < this.#limits.concurrency || this.waiting < this.#limits.queue) return;
    if (workClass === "clean" && this.#waiting.suspect.length > 0) return;
    throw overloaded();
  }

  /**
   * Runs `job` when a slot is free; rejects at once with `overloaded` when the queue is full, and
   * later when it is suspect and clean work takes its place.
   */
  async run<T>(job: () => Promise<T>, workClass: PasswordWorkClass = "clean"): Promise<T> {
    if (this.#running < this.#limits.concurrency) {
      this.#running++;
    } else {
      this.ensureCapacity(workClass);
      // Full: this clean job takes the place of the latest suspect one.
      if (this.waiting >= this.#limits.queue) this.#waiting.suspect.pop()!.refuse(overloaded());
      // The slot is handed over by the job that frees it: `#running` stays counted meanwhile.
      await new Promise<void>((start, refuse) => this.#waiting[workClass].push({ start, refuse }));
    }
    const started = this.#time.now();
    try {
      return await job();
    } finally {
      // The slot rests in proportion to the work it did, then goes to the next job; meanwhile it
      // still counts as running, so the queue fills and refuses rather than letting work pile on.
      const rest = (this.#time.now() - started) * this.#restFactor;
      if (rest > 0) void this.#time.wait(rest).then(() => this.#handOver());
      else this.#handOver();
    }
  }

  #handOver(): void {
    const next = this.#waiting.clean.shift() ?? this.#waiting.suspect.shift();
    if (next) next.start();
    else this.#running--;
  }
}
