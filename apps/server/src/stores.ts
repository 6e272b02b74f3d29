import type { Config } from "./config/config.ts";
import { type Clock, type ErrorLog, type OneTimeTokenStore, type PasskeyChallengeStore, type PasskeyStore, pruneHorizon, type RevocationStore, type SessionStore, stdoutErrorLog } from "@jot/elysia/server";
import {
  type Database,
  lockSqliteFile,
  useWriteAheadLog,
  migrate,
  MirroredRevocationStore,
  openDatabase,
  openUnsyncedConnections,
  PostgresRevocationStore,
  RedisRevocationStore,
  SqlChallengeStore,
  SqlPasskeyStore,
  SqlRevocationStore,
  SqliteFileInUseError,
  SqlOneTimeTokenStore,
  SqlSessionStore,
} from "@jot/stores";
import { RedisCounterStore } from "./throttle/redis-counter-store.ts";
import type { CounterStore } from "./throttle/counter-store.ts";
import { SqlCounterStore } from "./throttle/sql-counter-store.ts";
import { MfaStore } from "./mfa/mfa-store.ts";
import { UserStore } from "./users/user-store.ts";

/** How often expired revocation entries are pruned. */
const PRUNE_INTERVAL_MS = 10 * 60 * 1000;

/** The stores a configuration names, opened, migrated and ready. */
export interface Stores {
  users: UserStore;
  /** Second factors: TOTP secrets, recovery codes, logins waiting for a code. */
  mfa: MfaStore;
  revocations: RevocationStore;
  sessions: SessionStore;
  counters: CounterStore;
  /** Password-reset and email-verification tokens, by hash. */
  oneTimeTokens: OneTimeTokenStore;
  /** Users' passkeys, and the challenges of passkey ceremonies under way (S-34). */
  passkeys: PasskeyStore;
  passkeyChallenges: PasskeyChallengeStore;
  healthChecks: Record<string, () => Promise<void>>;
  /** The database the stores are on, for the admin command's own queries. */
  database: Database;
  close(): Promise<void>;
}

/** How `openStores` runs; the defaults are for production. */
export interface OpenStoresOptions {
  /**
   * How often expired entries are dropped from memory and the stores, on their own, so memory
   * stays bounded by the tokens still live. Default 10 minutes.
   */
  pruneIntervalMs?: number;
}

/** Why a store did not open: it failed, or its SQLite file is held by another jot process. */
export type StoreOpenReason = "failed" | "sqlite_in_use";

/** A store failed to open: the variable that names it, why (as a fact and in words). */
export class StoreOpenError extends Error {
  constructor(
    readonly variable: "DATABASE_URL" | "REDIS_URL",
    detail: string,
    readonly reason: StoreOpenReason = "failed",
  ) {
    super(`${variable}: ${detail}`);
    this.name = "StoreOpenError";
  }
}

/**
 * Opens the database named by `DATABASE_URL`, migrates it and builds the stores on it.
 * Revocations are answered from memory on every instance: with `REDIS_URL`, kept in Redis and
 * current by pub/sub; else on Postgres, current by LISTEN/NOTIFY; else on SQLite, whose one
 * process is the only writer. Throttling counters live in Redis when there is one.
 * Failures met later in the background (pruning) are reported to `logError`.
 */
export async function openStores(
  config: Config,
  clock: Clock,
  logError: ErrorLog = stdoutErrorLog,
  { pruneIntervalMs = PRUNE_INTERVAL_MS }: OpenStoresOptions = {},
): Promise<Stores> {
  let db: Database;
  try {
    db = openDatabase(config.databaseUrl);
  } catch (error) {
    throw new StoreOpenError("DATABASE_URL", `cannot open the database (${reasonOf(error)})`);
  }
  try {
    await lockSqliteFile(db);
    await useWriteAheadLog(db, config.sqliteSynchronous);
    await migrate(db);
  } catch (error) {
    await db.sql.close().catch(() => undefined);
    const reason = error instanceof SqliteFileInUseError ? "sqlite_in_use" : "failed";
    throw new StoreOpenError("DATABASE_URL", `cannot open the database (${reasonOf(error)})`, reason);
  }
  let redis: RedisStores | undefined;
  try {
    redis = config.redisUrl === undefined ? undefined : await openRedis(config.redisUrl, config.redisKeyPrefix, clock);
  } catch (error) {
    logError("store_error", error);
    await db.sql.close();
    throw new StoreOpenError("REDIS_URL", `cannot reach Redis (${reasonOf(error)})`);
  }
  let listened: PostgresRevocationStore | undefined;
  let unsynced: ReturnType<typeof openUnsyncedConnections> | undefined;
  try {
    const sqlRevocations = new SqlRevocationStore(db.sql);
    if (!redis && db.engine === "postgres") listened = await PostgresRevocationStore.connect({ sql: db.sql, url: config.databaseUrl, clock });
    const revocations = redis?.revocations ?? listened ?? (await MirroredRevocationStore.load(sqlRevocations, clock));
    const sessions = new SqlSessionStore(db.sql);
    unsynced = redis ? undefined : openUnsyncedConnections(db, config.databaseUrl);
    const counters = redis?.counters ?? new SqlCounterStore(unsynced!.sql);
    const oneTimeTokens = new SqlOneTimeTokenStore(db.sql);
    const mfa = new MfaStore(db.sql, clock);
    const prune = async () => {
      const horizon = pruneHorizon(clock(), config.jwt.leewaySeconds);
      const report = (error: unknown) => logError("store_error", error);
      await revocations.prune(horizon).catch(report);
      await sessions.prune(horizon).catch(report);
      await counters.prune(clock()).catch(report);
      await oneTimeTokens.prune(clock()).catch(report);
      await mfa.prune(clock()).catch(report);
    };
    const pruneTimer = setInterval(prune, pruneIntervalMs);
    pruneTimer.unref();
    return {
      users: new UserStore(db.sql, clock),
      mfa,
      revocations,
      sessions,
      counters,
      oneTimeTokens,
      passkeys: new SqlPasskeyStore(db.sql),
      passkeyChallenges: new SqlChallengeStore(db.sql),
      healthChecks: {
        database: () => (listened ?? sqlRevocations).ping(),
        ...(redis ? { redis: () => redis.revocations.ping() } : {}),
      },
      database: db,
      async close() {
        clearInterval(pruneTimer);
        redis?.close();
        listened?.close();
        await unsynced?.close();
        await db.sql.close();
      },
    };
  } catch (error) {
    redis?.close();
    listened?.close();
    await unsynced?.close().catch(() => undefined);
    await db.sql.close().catch(() => undefined);
    throw new StoreOpenError("DATABASE_URL", `cannot load revocations (${reasonOf(error)})`);
  }
}

interface RedisStores {
  revocations: RedisRevocationStore;
  counters: RedisCounterStore;
  close(): void;
}

async function openRedis(url: string, prefix: string, clock: Clock): Promise<RedisStores> {
  const revocations = await RedisRevocationStore.connect({ url, prefix, clock });
  const counters = new RedisCounterStore(url, `${prefix}throttle:`);
  return {
    revocations,
    counters,
    close() {
      revocations.close();
      counters.close();
    },
  };
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
