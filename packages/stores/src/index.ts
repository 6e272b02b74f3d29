/**
 * `@jot/stores`: revocation stores shared by every jot instance and by any API that accepts jot's
 * tokens (S-13): SQL, Postgres mirrored in memory by LISTEN/NOTIFY, and Redis mirrored by pub/sub,
 * with the database the jot server keeps them in.
 *
 * @packageDocumentation
 */

/** A jot server's revocations, opened by another service. */
export { openSharedRevocations, type SharedRevocationsOptions } from "./open-shared-revocations.ts";
/** The stores themselves. */
export { MirroredRevocationStore } from "./revocation/mirrored-revocation-store.ts";
export { PostgresRevocationStore, type PostgresRevocationStoreOptions } from "./revocation/postgres-revocation-store.ts";
export { DEFAULT_REDIS_KEY_PREFIX, RedisRevocationStore, type RedisRevocationStoreOptions } from "./revocation/redis-revocation-store.ts";
export { SqlRevocationStore } from "./revocation/sql-revocation-store.ts";
export { REVOCATION_TABLES } from "./revocation/revocation-tables.ts";
/** Login sessions (refresh-token families) in the SQL database. */
export { SqlSessionStore } from "./sessions/sql-session-store.ts";
/** One-time tokens (password resets, email verifications) in the SQL database, by hash only. */
export { SqlOneTimeTokenStore } from "./one-time/sql-one-time-token-store.ts";
/** Passkeys and their ceremonies' challenges in the SQL database. */
export { SqlChallengeStore } from "./passkeys/sql-challenge-store.ts";
export { SqlPasskeyStore } from "./passkeys/sql-passkey-store.ts";
/** The jot server's database: how it is opened and its schema. */
export { lockSqliteFile, openDatabase, sqliteDataDir, SqliteFileInUseError, type Database, type SqliteSynchronous, openUnsyncedConnections, useWriteAheadLog } from "./db/open-database.ts";
export { migrate, MIGRATIONS } from "./db/migrations.ts";
/** A bound on how long a store's network call may take. */
export { withTimeout } from "./revocation/timeout.ts";
