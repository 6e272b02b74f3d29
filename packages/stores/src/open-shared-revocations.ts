import { type Clock, type RevocationStore, systemClock } from "@jot/elysia/server";
import { openDatabase } from "./db/open-database.ts";
import { PostgresRevocationStore } from "./revocation/postgres-revocation-store.ts";
import { RedisRevocationStore } from "./revocation/redis-revocation-store.ts";

/** Where a jot server keeps its revocations, for another service to read them. */
export interface SharedRevocationsOptions {
  /** The jot server's `REDIS_URL`: revocations mirrored in memory, kept current by pub/sub. */
  redisUrl?: string | undefined;
  /** The jot server's `REDIS_KEY_PREFIX`. @default "jot:" */
  redisKeyPrefix?: string | undefined;
  /** The jot server's `postgres://` `DATABASE_URL`, used when there is no Redis: mirrored in memory, kept current by LISTEN/NOTIFY. */
  databaseUrl?: string | undefined;
  clock?: Clock;
}

/**
 * The revocation store a jot server writes to, opened by another service (an API that accepts
 * jot's tokens through `jot({ stores: { revocations } })`), so a logout on the jot server is
 * refused there too. Redis when given, else the Postgres database; never SQLite, whose file
 * one jot process holds. The schema is the jot server's: a database it never migrated is
 * `store_unavailable`, and nothing is created in it. Throws a `TypeError` for options that name
 * no shared store.
 */
export async function openSharedRevocations(options: SharedRevocationsOptions): Promise<{ revocations: RevocationStore; close(): Promise<void> }> {
  const clock = options.clock ?? systemClock;
  if (options.redisUrl) {
    const revocations = await RedisRevocationStore.connect({ url: options.redisUrl, prefix: options.redisKeyPrefix, clock });
    return { revocations, close: async () => revocations.close() };
  }
  if (options.databaseUrl?.startsWith("postgres")) {
    const db = openDatabase(options.databaseUrl);
    try {
      // Mirrored in memory and kept current by LISTEN/NOTIFY, as on the jot server itself; the
      // schema is the server's, so a reader never migrates it.
      const revocations = await PostgresRevocationStore.connect({ sql: db.sql, url: options.databaseUrl, clock });
      return {
        revocations,
        close: async () => {
          revocations.close();
          await db.sql.close();
        },
      };
    } catch (error) {
      await db.sql.close().catch(() => undefined);
      throw error;
    }
  }
  throw new TypeError("openSharedRevocations: expected redisUrl, or a postgres:// databaseUrl (a SQLite file is held by one jot process)");
}
