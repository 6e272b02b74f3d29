import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lockSqliteFile, openDatabase, SqliteFileInUseError, type Database } from "./open-database.ts";

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
