// The one way tests wait for something that happens elsewhere (another process, a pub/sub
// message, a reconnect): ask again every `intervalMs` until it holds or `timeoutMs` has passed.

/** How long to keep asking, and how often. */
export interface PollOptions {
  timeoutMs: number;
  intervalMs: number;
}

/**
 * Calls `probe` every `intervalMs` until `done` holds for its answer or `timeoutMs` has passed;
 * answers the last answer, whether `done` held, and how long after the start it first held.
 */
export async function pollUntil<T>(
  probe: () => T | Promise<T>,
  done: (answer: T) => boolean,
  { timeoutMs, intervalMs }: PollOptions,
): Promise<{ answer: T; held: boolean; elapsedMs: number }> {
  const started = performance.now();
  for (;;) {
    const answer = await probe();
    const elapsedMs = performance.now() - started;
    if (done(answer)) return { answer, held: true, elapsedMs };
    if (elapsedMs >= timeoutMs) return { answer, held: false, elapsedMs };
    await Bun.sleep(intervalMs);
  }
}

/** Whether `check` comes to hold within `timeoutMs` (1 s, asked every 10 ms, unless told). */
export async function eventually(check: () => boolean | Promise<boolean>, options: PollOptions = { timeoutMs: 1_000, intervalMs: 10 }): Promise<boolean> {
  return (await pollUntil(check, (held) => held, options)).held;
}
