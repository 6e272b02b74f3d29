import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { SQL } from "bun";

/** An open database and which engine it is: SQLite and Postgres share every query. */
export interface Database {
  sql: SQL;
  engine: "sqlite" | "postgres";
}

/**
 * Opens `sqlite://path` (relative to the working directory; `sqlite://:memory:` for a throwaway
 * database) or `postgres://…`. Throws an `Error` whose message is safe to print (no password).
 * A SQLite file is then owned by this process: see {@link lockSqliteFile}.
 */
export function openDatabase(url: string): Database {
  if (url.startsWith("sqlite://")) {
    const filename = url.slice("sqlite://".length);
    if (filename === "") throw new Error("sqlite:// needs a file path, e.g. sqlite://data/jot.sqlite");
    if (filename !== ":memory:") mkdirSync(dirname(filename), { recursive: true });
    const sql = new SQL({ adapter: "sqlite", filename, create: true, readwrite: true });
    return { sql, engine: "sqlite" };
  }
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    return { sql: new SQL(url, { max: 10, idleTimeout: 30, connectionTimeout: 5 }), engine: "postgres" };
  }
  throw new Error("expected sqlite://<path> or postgres://…");
}

/**
 * Connections for writes that need no disk sync (throttling counters): on Postgres a pool of its
 * own whose commits are asynchronous (`synchronous_commit = off`: a commit answers before its log
 * reaches the disk, so a server crash may forget the last fraction of a second of them, and
 * nothing else). A refresh's two counter writes then wait for no sync; its rotation still does.
 * SQLite shares its one connection. `close` closes only what this opened.
 */
export function openUnsyncedConnections(db: Database, url: string): { sql: SQL; close(): Promise<void> } {
  if (db.engine !== "postgres") return { sql: db.sql, close: async () => {} };
  const sql = new SQL(url, { max: 4, idleTimeout: 30, connectionTimeout: 5, connection: { synchronous_commit: "off" } });
  return { sql, close: () => sql.close() };
}

/** The folder a SQLite database lives in, where jot keeps its other local files; `undefined` for other engines. */
export function sqliteDataDir(url: string): string | undefined {
  if (!url.startsWith("sqlite://")) return undefined;
  const filename = url.slice("sqlite://".length);
  return filename === ":memory:" ? undefined : dirname(filename);
}

/** The SQLite file is held by another process: {@link lockSqliteFile} could not take it. */
export class SqliteFileInUseError extends Error {
  constructor() {
    super("the SQLite file is in use by another jot process (several instances need Postgres)");
    this.name = "SqliteFileInUseError";
  }
}

/**
 * Takes the SQLite file for this process alone, for as long as it is open. Revocations on SQLite are
 * answered from this process's memory, so a second server on the same file would never see the
 * first one's revocations: it is refused at start instead, with {@link SqliteFileInUseError}.
 */
export async function lockSqliteFile(db: Database): Promise<void> {
  if (db.engine !== "sqlite") return;
  await db.sql.unsafe("pragma busy_timeout = 0");
  await db.sql.unsafe("pragma locking_mode = exclusive");
  try {
    // The exclusive lock is taken by the first write transaction and kept until the file is closed.
    await db.sql.unsafe("begin exclusive");
  } catch (error) {
    // With no busy timeout, another holder of the lock answers SQLITE_BUSY at once.
    if ((error as { code?: unknown }).code === "SQLITE_BUSY") throw new SqliteFileInUseError();
    throw error;
  }
  await db.sql.unsafe("commit");
}

/** How a SQLite commit reaches the disk: see {@link useWriteAheadLog}. */
export type SqliteSynchronous = "normal" | "full";

/**
 * Puts a SQLite file in write-ahead-log mode. A commit then appends to the log instead of creating,
 * syncing and deleting a rollback journal. With `normal` the log is synced at each checkpoint, not
 * at each commit: a committed write survives the process crashing or being killed (it is in the
 * operating system's cache), but a power cut or an operating-system crash can undo the commits made
 * since the last checkpoint, never leaving the file inconsistent. With `full` every commit is synced
 * before it answers, and survives a power cut too, at one disk sync per write. An in-memory
 * database is left as it is. Call it after {@link lockSqliteFile}: the log's index then stays in
 * this process's memory.
 */
export async function useWriteAheadLog(db: Database, synchronous: SqliteSynchronous): Promise<void> {
  if (db.engine !== "sqlite") return;
  const [mode] = await db.sql.unsafe("pragma journal_mode = wal");
  if ((mode as { journal_mode?: string } | undefined)?.journal_mode !== "wal") return;
  await db.sql.unsafe(`pragma synchronous = ${synchronous === "full" ? "full" : "normal"}`);
}
