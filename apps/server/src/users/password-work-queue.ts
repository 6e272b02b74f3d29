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
   * @default 16
   */
  queue: number;
}

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

  constructor(limits: PasswordWorkLimits) {
    if (!(Number.isInteger(limits.concurrency) && limits.concurrency >= 1)) throw new TypeError("concurrency must be a whole number of at least 1");
    if (!(Number.isInteger(limits.queue) && limits.queue >= 0)) throw new TypeError("queue must be a whole number of at least 0");
    this.#limits = limits;
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
    try {
      return await job();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
