import { afterAll } from "bun:test";
import { migrate } from "../db/migrations.ts";
import { openDatabase, type Database } from "../db/open-database.ts";
import { sessionStoreConformance } from "./session-store.conformance.ts";
import { SqlSessionStore } from "./session-store.ts";

const opened: Database[] = [];
afterAll(async () => {
  for (const db of opened) await db.sql.close();
});

sessionStoreConformance("SQLite", async () => {
  const db = openDatabase("sqlite://:memory:");
  opened.push(db);
  await migrate(db);
  return new SqlSessionStore(db.sql);
});
