import { afterAll } from "bun:test";
import { migrate } from "../db/migrations.ts";
import { openDatabase, type Database } from "../db/open-database.ts";
import { counterStoreConformance } from "./counter-store.conformance.ts";
import { MemoryCounterStore } from "./memory-counter-store.ts";
import { SqlCounterStore } from "./sql-counter-store.ts";

const opened: Database[] = [];
afterAll(async () => {
  for (const db of opened) await db.sql.close();
});

counterStoreConformance("memory", async () => new MemoryCounterStore());
counterStoreConformance("SQLite", async () => {
  const db = openDatabase("sqlite://:memory:");
  opened.push(db);
  await migrate(db);
  return new SqlCounterStore(db.sql);
});
