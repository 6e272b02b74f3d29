import type { SQL } from "bun";
import { orUnavailable } from "@jot/elysia/server";
import { REVOCATION_TABLES } from "@jot/stores";

/** The tables of entries that expire, each with its key column and its expiry (seconds). */
const TABLES = [
  { table: REVOCATION_TABLES.token.table, key: REVOCATION_TABLES.token.id, label: "tokens" },
  { table: REVOCATION_TABLES.session.table, key: REVOCATION_TABLES.session.id, label: "sessions" },
  { table: REVOCATION_TABLES.user.table, key: REVOCATION_TABLES.user.id, label: "users" },
  { table: "sessions", key: "id", label: "session rows" },
] as const;

/** How many rows one delete removes: small enough not to hold a lock for long. */
const BATCH = 500;

/** Live and expired entries of one table. */
export interface TableStats {
  live: number;
  expired: number;
}

/** Entries per kind: revoked tokens, sessions and users, and the session rows behind them. */
export type RevocationStats = Record<(typeof TABLES)[number]["label"], TableStats>;

/** Counts of the revocation tables in the database, and their pruning in batches. */
export class RevocationAdmin {
  constructor(private readonly sql: SQL) {}

  /** Live and expired entries at `nowSeconds`. */
  stats(nowSeconds: number): Promise<RevocationStats> {
    return orUnavailable("database", "revocations.stats", async () => {
      const stats = {} as RevocationStats;
      for (const { table, label } of TABLES) {
        const [row] = await this.sql`
          select count(*) filter (where expires_at > ${nowSeconds}) as live,
                 count(*) filter (where expires_at <= ${nowSeconds}) as expired
          from ${this.sql(table)}`;
        stats[label] = { live: Number(row.live), expired: Number(row.expired) };
      }
      return stats;
    });
  }

  /**
   * Deletes entries that expired by `horizonSeconds`, a batch at a time, telling `progress` how
   * many of the total are gone. Answers how many were deleted.
   */
  prune(horizonSeconds: number, progress: (done: number, total: number) => void = () => {}): Promise<number> {
    return orUnavailable("database", "revocations.prune", async () => {
      let total = 0;
      for (const { table } of TABLES) {
        const [row] = await this.sql`select count(*) as n from ${this.sql(table)} where expires_at <= ${horizonSeconds}`;
        total += Number(row.n);
      }
      let done = 0;
      progress(done, total);
      for (const { table, key } of TABLES) {
        for (;;) {
          const deleted = await this.sql`
            delete from ${this.sql(table)} where ${this.sql(key)} in (
              select ${this.sql(key)} from ${this.sql(table)} where expires_at <= ${horizonSeconds} limit ${BATCH})`;
          if (deleted.count === 0) break;
          done += deleted.count;
          progress(Math.min(done, total), total);
        }
      }
      return done;
    });
  }
}
