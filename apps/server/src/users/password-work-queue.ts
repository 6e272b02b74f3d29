import { JotError } from "../errors.ts";

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

/** How the queue reads time and waits; a test gives its own. */
export interface QueueClock {
  now(): number;
  wait(ms: number): Promise<void>;
}

const REAL_TIME: QueueClock = { now: () => performance.now(), wait: (ms) => Bun.sleep(ms) };

/** Seconds a refused client is told to wait: about how long a full queue takes to drain. */
const RETRY_AFTER_SECONDS = 1;

/**
 * A bounded queue in front of password work: at most `concurrency` jobs run, at most `queue` wait,
 * and anything beyond is refused at once with `overloaded` (and `Retry-After`) rather than piling
 * up — so a login storm cannot starve the guard of CPU, nor hold requests open for seconds.
 */
export class PasswordWorkQueue {
  readonly #limits: PasswordWorkLimits;
  readonly #waiting: Array<() => void> = [];
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
    return this.#waiting.length;
  }

  /**
   * Throws `overloaded` when a job submitted now would be refused. Lets a route refuse before it
   * counts an attempt against a throttle, so an overload never locks an account.
   */
  ensureCapacity(): void {
    if (this.#running >= this.#limits.concurrency && this.#waiting.length >= this.#limits.queue) {
      throw new JotError("overloaded", undefined, { retryAfterSeconds: RETRY_AFTER_SECONDS });
    }
  }

  /** Runs `job` when a slot is free; rejects at once with `overloaded` when the queue is full. */
  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.#running < this.#limits.concurrency) {
      this.#running++;
    } else {
      this.ensureCapacity();
      // The slot is handed over by the job that frees it: `#running` stays counted meanwhile.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
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
    const next = this.#waiting.shift();
    if (next) next();
    else this.#running--;
  }
}
