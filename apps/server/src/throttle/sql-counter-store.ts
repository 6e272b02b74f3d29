import type { SQL } from "bun";
import { orUnavailable } from "@jot/elysia/server";
import type { CounterStore, WindowCount } from "./counter-store.ts";

/** Counters in the SQL database, shared by every instance on it. One statement per hit: atomic. */
export class SqlCounterStore implements CounterStore {
  constructor(private readonly sql: SQL) {}

  hit(key: string, windowMs: number, now: number): Promise<WindowCount> {
    return orUnavailable("database", "counters.hit", async () => {
      const [row] = await this.sql`
        insert into rate_limits (key, count, reset_at) values (${key}, 1, ${now + windowMs})
        on conflict (key) do update set
          count = case when rate_limits.reset_at <= ${now} then 1 else rate_limits.count + 1 end,
          reset_at = case when rate_limits.reset_at <= ${now} then excluded.reset_at else rate_limits.reset_at end
        returning count, reset_at`;
      return { count: Number(row.count), resetAt: Number(row.reset_at) };
    });
  }

  peek(key: string, now: number): Promise<WindowCount> {
    return orUnavailable("database", "counters.peek", async () => {
      const [row] = await this.sql`select count, reset_at from rate_limits where key = ${key} and reset_at > ${now}`;
      return row === undefined ? { count: 0, resetAt: now } : { count: Number(row.count), resetAt: Number(row.reset_at) };
    });
  }

  release(key: string, now: number): Promise<void> {
    return orUnavailable("database", "counters.release", async () => {
      await this.sql`update rate_limits set count = count - 1 where key = ${key} and reset_at > ${now} and count > 0`;
    });
  }

  clear(key: string): Promise<void> {
    return orUnavailable("database", "counters.clear", async () => void (await this.sql`delete from rate_limits where key = ${key}`));
  }

  prune(now: number): Promise<void> {
    return orUnavailable("database", "counters.prune", async () => void (await this.sql`delete from rate_limits where reset_at <= ${now}`));
  }
}
