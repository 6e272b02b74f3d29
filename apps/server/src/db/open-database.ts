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

/** The folder a SQLite database lives in, where jot keeps its other local files; `undefined` for other engines. */
export function sqliteDataDir(url: string): string | undefined {
  if (!url.startsWith("sqlite://")) return undefined;
  const filename = url.slice("sqlite://".length);
  return filename === ":memory:" ? undefined : dirname(filename);
}
