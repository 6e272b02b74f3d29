import type { Config } from "./config/config.ts";
import type { Clock } from "./clock.ts";
import { migrate } from "./db/migrations.ts";
import { openDatabase } from "./db/open-database.ts";
import { MirroredRevocationStore } from "./revocation/mirrored-revocation-store.ts";
import type { RevocationStore } from "./revocation/revocation-store.ts";
import { SqlRevocationStore } from "./revocation/sql-revocation-store.ts";
import { SessionStore } from "./sessions/session-store.ts";
import type { CounterStore } from "./throttle/counter-store.ts";
import { SqlCounterStore } from "./throttle/sql-counter-store.ts";
import { UserStore } from "./users/user-store.ts";

/** How often expired revocation entries are pruned. */
const PRUNE_INTERVAL_MS = 10 * 60 * 1000;

/** The stores a configuration names, opened, migrated and ready. */
export interface Stores {
  users: UserStore;
  revocations: RevocationStore;
  sessions: SessionStore;
  counters: CounterStore;
  healthChecks: Record<string, () => Promise<void>>;
  close(): Promise<void>;
}

/**
 * Opens the database named by `DATABASE_URL`, migrates it and builds the stores on it.
 * On SQLite (one process owns the file) revocations are mirrored in memory; on Postgres,
 * shared by instances, every lookup asks the database.
 */
export async function openStores(config: Config, clock: Clock): Promise<Stores> {
  const db = openDatabase(config.databaseUrl);
  try {
    await migrate(db);
    const sqlRevocations = new SqlRevocationStore(db.sql);
    const revocations = db.engine === "sqlite" ? await MirroredRevocationStore.load(sqlRevocations, clock) : sqlRevocations;
    const sessions = new SessionStore(db.sql);
    const counters = new SqlCounterStore(db.sql);
    // Keep entries through the leeway: a token is still accepted that long after its `exp`.
    const prune = async () => {
      const horizon = clock() / 1000 - config.jwt.leewaySeconds;
      await revocations.prune(horizon).catch(() => undefined);
      await sessions.prune(horizon).catch(() => undefined);
      await counters.prune(clock()).catch(() => undefined);
    };
    const pruneTimer = setInterval(prune, PRUNE_INTERVAL_MS);
    pruneTimer.unref();
    return {
      users: new UserStore(db.sql, clock),
      revocations,
      sessions,
      counters,
      healthChecks: { database: () => revocations.ping() },
      async close() {
        clearInterval(pruneTimer);
        await db.sql.close();
      },
    };
  } catch (error) {
    await db.sql.close().catch(() => undefined);
    throw error;
  }
}
