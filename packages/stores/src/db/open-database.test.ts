import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeWith, pingPostgres, POSTGRES_ADMIN_URL, probeService } from "@jot/testing";
import { lockSqliteFile, openDatabase, openUnsyncedConnections, SqliteFileInUseError, type Database, useWriteAheadLog } from "./open-database.ts";

const opened: Database[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.sql.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("lockSqliteFile", () => {
  test("a second process's lock on the same file is refused with SqliteFileInUseError", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jot-lock-"));
    dirs.push(dir);
    const url = `sqlite://${dir}/jot.sqlite`;
    const first = openDatabase(url);
    const second = openDatabase(url);
    opened.push(first, second);
    await lockSqliteFile(first);
    const refused = await lockSqliteFile(second).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SqliteFileInUseError);
    expect((refused as Error).message).toBe("the SQLite file is in use by another jot process (several instances need Postgres)");
  });
});

describe("useWriteAheadLog", () => {
  const pragma = async (db: Database, name: string) => Object.values(((await db.sql.unsafe(`pragma ${name}`)) as Record<string, unknown>[])[0]!)[0];

  test("a locked SQLite file writes ahead, synced at checkpoints (normal) or at every commit (full), and its writes are read back after reopening", async () => {
    for (const [synchronous, level] of [["normal", 1], ["full", 2]] as const) {
      const dir = mkdtempSync(join(tmpdir(), "jot-wal-"));
      dirs.push(dir);
      const db = openDatabase(`sqlite://${dir}/jot.sqlite`);
      await lockSqliteFile(db);
      await useWriteAheadLog(db, synchronous);
      expect(await pragma(db, "journal_mode")).toBe("wal");
      expect(await pragma(db, "synchronous")).toBe(level);
      await db.sql.unsafe("create table kept (value text)");
      await db.sql`insert into kept values (${synchronous})`;
      await db.sql.close();
      const reopened = openDatabase(`sqlite://${dir}/jot.sqlite`);
      opened.push(reopened);
      expect(await reopened.sql`select value from kept`).toEqual([{ value: synchronous }]);
    }
  });

  test("an in-memory database is left as it is", async () => {
    const db = openDatabase("sqlite://:memory:");
    opened.push(db);
    await useWriteAheadLog(db, "normal");
    expect(await pragma(db, "journal_mode")).toBe("memory");
  });
});

const postgres = await probeService("Postgres", pingPostgres);

describeWith(postgres, "openUnsyncedConnections", () => {
  test("on Postgres its own pool commits without waiting for the disk, the database's pool still waits; SQLite shares its connection", async () => {
    const db = openDatabase(POSTGRES_ADMIN_URL);
    const unsynced = openUnsyncedConnections(db, POSTGRES_ADMIN_URL);
    try {
      expect(await unsynced.sql`show synchronous_commit`).toEqual([{ synchronous_commit: "off" }]);
      expect(await db.sql`show synchronous_commit`).toEqual([{ synchronous_commit: "on" }]);
    } finally {
      await unsynced.close();
      await db.sql.close();
    }
    const sqlite = openDatabase("sqlite://:memory:");
    opened.push(sqlite);
    expect(openUnsyncedConnections(sqlite, "sqlite://:memory:").sql).toBe(sqlite.sql);
  });
});
