/**
 * Settles like `promise`, or rejects after `ms`. Bun's Redis client has no command timeout (nor does
 * a Postgres LISTEN that cannot connect), and a
 * connection that died silently would otherwise leave a request waiting forever instead of
 * failing with `store_unavailable`.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Waits `ms` without keeping the process alive for it. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
