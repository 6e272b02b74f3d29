import { afterAll } from "bun:test";
import { MemoryChallengeStore, MemoryPasskeyStore } from "@jot/elysia/server";
import { createPostgresDatabase, describeWith, pingPostgres, probeService, type TestDatabase } from "@jot/testing";
import { migrate } from "../db/migrations.ts";
import { type Database, openDatabase } from "../db/open-database.ts";
import { challengeStoreConformance, passkeyStoreConformance } from "./passkey-store.conformance.ts";
import { SqlChallengeStore } from "./sql-challenge-store.ts";
import { SqlPasskeyStore } from "./sql-passkey-store.ts";

const opened: Database[] = [];
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const db of opened) await db.sql.close();
  for (const database of databases) await database.drop();
});

async function sqlite(): Promise<Database> {
  const db = openDatabase("sqlite://:memory:");
  opened.push(db);
  await migrate(db);
  return db;
}

const postgres = await probeService("Postgres", pingPostgres);
let shared: Database | undefined;
async function postgresDatabase(): Promise<Database> {
  if (!shared) {
    const database = await createPostgresDatabase();
    databases.push(database);
    shared = openDatabase(database.url);
    opened.push(shared);
    await migrate(shared);
  }
  return shared;
}

passkeyStoreConformance("memory", async () => new MemoryPasskeyStore());
challengeStoreConformance("memory", async () => new MemoryChallengeStore());
passkeyStoreConformance("SQLite", async () => new SqlPasskeyStore((await sqlite()).sql));
challengeStoreConformance("SQLite", async () => new SqlChallengeStore((await sqlite()).sql));
describeWith(postgres, "on Postgres", () => {
  passkeyStoreConformance("Postgres", async () => new SqlPasskeyStore((await postgresDatabase()).sql));
  challengeStoreConformance("Postgres", async () => new SqlChallengeStore((await postgresDatabase()).sql));
});
