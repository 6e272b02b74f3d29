import { RedisClient } from "bun";
import { orUnavailable } from "@jot/elysia/server";
import { withTimeout } from "@jot/stores";
import type { CounterStore, WindowCount } from "./counter-store.ts";

const STORE = "Redis server";
/** How long one command may take before Redis counts as unreachable. */
const COMMAND_TIMEOUT_MS = 2000;

/**
 * One hit, atomically: a new window when the last one ended, else one more in it. Times come from
 * the caller's clock (ARGV), so every instance counts the same windows; the key expires with its window.
 */
const HIT = `
local now = tonumber(ARGV[1])
local reset = tonumber(redis.call('HGET', KEYS[1], 'reset_at') or '0')
local count
if reset <= now then
  reset = now + tonumber(ARGV[2])
  count = 1
  redis.call('HSET', KEYS[1], 'count', 1, 'reset_at', reset)
else
  count = redis.call('HINCRBY', KEYS[1], 'count', 1)
end
redis.call('PEXPIRE', KEYS[1], reset - now)
return {count, tostring(reset)}`;

/** Takes back one hit, only within the window it was counted in. */
const RELEASE = `
local reset = tonumber(redis.call('HGET', KEYS[1], 'reset_at') or '0')
local count = tonumber(redis.call('HGET', KEYS[1], 'count') or '0')
if reset > tonumber(ARGV[1]) and count > 0 then redis.call('HINCRBY', KEYS[1], 'count', -1) end
return 0`;

/** Throttling counters in Redis, shared by every instance (S-17). */
export class RedisCounterStore implements CounterStore {
  readonly #client: RedisClient;

  constructor(
    url: string,
    private readonly prefix = "jot:throttle:",
  ) {
    // No offline queue: while Redis is down a hit fails at once with 503 instead of waiting.
    // Retries never run out: Bun's client stays dead once they do, even after Redis is back.
    this.#client = new RedisClient(url, { connectionTimeout: 1500, autoReconnect: true, maxRetries: 2 ** 31 - 1, enableOfflineQueue: false });
  }

  hit(key: string, windowMs: number, now: number): Promise<WindowCount> {
    return this.#run(async () => {
      const [count, resetAt] = (await this.#client.send("EVAL", [HIT, "1", this.prefix + key, String(now), String(windowMs)])) as [number, string];
      return { count: Number(count), resetAt: Number(resetAt) };
    });
  }

  peek(key: string, now: number): Promise<WindowCount> {
    return this.#run(async () => {
      const [count, resetAt] = (await this.#client.send("HMGET", [this.prefix + key, "count", "reset_at"])) as [string | null, string | null];
      const reset = Number(resetAt ?? 0);
      return reset > now ? { count: Number(count ?? 0), resetAt: reset } : { count: 0, resetAt: now };
    });
  }

  release(key: string, now: number): Promise<void> {
    return this.#run(async () => void (await this.#client.send("EVAL", [RELEASE, "1", this.prefix + key, String(now)])));
  }

  clear(key: string): Promise<void> {
    return this.#run(async () => void (await this.#client.send("DEL", [this.prefix + key])));
  }

  /** Nothing to do: each key expires with its window. */
  async prune(): Promise<void> {}

  close(): void {
    this.#client.close();
  }

  #run<T>(command: () => Promise<T>): Promise<T> {
    return orUnavailable(STORE, "counters.command", async () => {
      // Without an offline queue a command fails until connected: connect (again) first.
      if (!this.#client.connected) await withTimeout(this.#client.connect(), COMMAND_TIMEOUT_MS, "Redis connect");
      return withTimeout(command(), COMMAND_TIMEOUT_MS, "Redis command");
    });
  }
}
