import type { ErrorLog } from "@jot/elysia/server";

/**
 * Work done after a request has been answered (a reset's lookup, issue and delivery), so that how
 * long it takes tells the client nothing. Failures are logged; `settled` waits for what is under way
 * (tests, a graceful stop).
 */
export class BackgroundWork {
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly logError: ErrorLog) {}

  /** Starts `task` after the current turn; a failure is logged as `background_error`. */
  run(task: () => Promise<void>): void {
    void this.track(Promise.resolve().then(task)).catch((error: unknown) => this.logError("background_error", error));
  }

  /** Counts `work` as under way until it settles, and answers it as it is. */
  track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.pending.add(settled);
    void settled.then(() => this.pending.delete(settled));
    return work;
  }

  /** Resolves once all work begun so far, and any it began, has finished. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }
}
