import { afterAll } from "bun:test";
import { type Database, migrate, openDatabase } from "@jot/stores";
import { sessionStoreConformance } from "./session-store.conformance.ts";
import { SessionStore } from "./session-store.ts";

const opened: Database[] = [];
afterAll(async () => {
  for (const db of opened) await db.sql.close();
});

sessionStoreConformance("SQLite", async () => {
  const db = openDatabase("sqlite://:memory:");
  opened.push(db);
  await migrate(db);
  return new SessionStore(db.sql);
});
