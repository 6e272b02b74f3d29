import { afterAll, beforeAll, expect, test } from "bun:test";
import { SQL } from "bun";
import { createPostgresDatabase, describeWith, pingPostgres, probeService, type TestDatabase } from "@jot/testing";
import { openSharedRevocations } from "./open-shared-revocations.ts";

const postgres = await probeService("Postgres", pingPostgres);

test("options that name no shared store are refused in the words of the options, not of the server's variables", async () => {
  const refusal = openSharedRevocations({ databaseUrl: "sqlite://data/jot.sqlite" });
  await expect(refusal).rejects.toThrow(new TypeError("openSharedRevocations: expected redisUrl, or a postgres:// databaseUrl (a SQLite file is held by one jot process)"));
});

describeWith(postgres, "openSharedRevocations on a database the jot server never migrated", () => {
  let database: TestDatabase;
  beforeAll(async () => void (database = await createPostgresDatabase()));
  afterAll(async () => database?.drop());

  test("is store_unavailable and creates no table: the schema is the jot server's", async () => {
    await expect(openSharedRevocations({ databaseUrl: database.url })).rejects.toMatchObject({ code: "store_unavailable" });
    const sql = new SQL(database.url, { max: 1 });
    try {
      const tables = await sql`select table_name from information_schema.tables where table_schema = 'public'`;
      expect(tables).toEqual([]);
    } finally {
      await sql.close();
    }
  });
});
