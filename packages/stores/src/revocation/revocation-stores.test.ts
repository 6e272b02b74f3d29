import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate } from "../db/migrations.ts";
import { openDatabase, type Database } from "../db/open-database.ts";
import { MemoryRevocationStore } from "@jot/elysia/server";
import { MirroredRevocationStore } from "./mirrored-revocation-store.ts";
import { revocationStoreConformance } from "./revocation-store.conformance.ts";
import { SqlRevocationStore } from "./sql-revocation-store.ts";

const folder = mkdtempSync(join(tmpdir(), "jot-revocations-"));
const opened: Database[] = [];
afterAll(async () => {
  for (const db of opened) await db.sql.close();
  rmSync(folder, { recursive: true, force: true });
});

/** A migrated SQLite file in the test folder, closed after the suite. */
async function sqliteFile(file: string): Promise<Database> {
  const db = openDatabase(`sqlite://${join(folder, file)}`);
  opened.push(db);
  await migrate(db);
  return db;
}

const far = () => 0; // loads every entry regardless of its lifetime

revocationStoreConformance("memory", async () => ({ store: new MemoryRevocationStore() }), { persists: false });

revocationStoreConformance("SQLite", async () => {
  const file = `${crypto.randomUUID()}.sqlite`;
  const db = await sqliteFile(file);
  return { store: new SqlRevocationStore(db.sql), reopen: async () => new SqlRevocationStore((await sqliteFile(file)).sql) };
});

revocationStoreConformance("mirrored SQLite", async () => {
  const file = `${crypto.randomUUID()}.sqlite`;
  const db = await sqliteFile(file);
  return {
    store: await MirroredRevocationStore.load(new SqlRevocationStore(db.sql), far),
    reopen: async () => MirroredRevocationStore.load(new SqlRevocationStore((await sqliteFile(file)).sql), far),
  };
});

test("a mirror loads every entry of a table larger than one page, once, and only those still in force", async () => {
  const db = await sqliteFile(`${crypto.randomUUID()}.sqlite`);
  const LIVE = 25_001; // two full pages and one more row
  await db.sql.unsafe(`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${LIVE})
    insert into revoked_tokens (jti, expires_at) select 'live-' || i, 2000000000 from n`);
  await db.sql.unsafe(`insert into revoked_tokens (jti, expires_at) values ('expired', 1000)`);
  const store = await MirroredRevocationStore.load(new SqlRevocationStore(db.sql), () => 1_800_000_000_000);
  const revoked = (jti: string) => store.isRevoked({ jti, sid: "s", sub: "u" });
  expect({ size: store.size, first: revoked("live-1"), last: revoked(`live-${LIVE}`), expired: revoked("expired") }).toEqual({
    size: LIVE,
    first: true,
    last: true,
    expired: false,
  });
});


/** Ids any app may revoke: spaces, line breaks, digits where lengths are written, non-ASCII, astral characters. */
const ODD_IDS = ["with space", "two\nlines", "12 34", " ", "naïve-é", "emoji-😀-x", "😀", "tab\tand\r", "x".repeat(300)];

test("a mirror loads ids holding any character exactly, tokens and sessions alike", async () => {
  const db = await sqliteFile(`${crypto.randomUUID()}.sqlite`);
  const source = new SqlRevocationStore(db.sql);
  for (const id of ODD_IDS) {
    await source.revokeToken(id, 2_000_000_000);
    await source.revokeSession(`session ${id}`, 2_000_000_000);
  }
  const store = await MirroredRevocationStore.load(new SqlRevocationStore(db.sql), () => 1_800_000_000_000);
  expect(store.size).toBe(ODD_IDS.length * 2);
  for (const id of ODD_IDS) {
    expect(store.isRevoked({ jti: id, sub: "u" })).toBe(true);
    expect(store.isRevoked({ jti: "other", sid: `session ${id}`, sub: "u" })).toBe(true);
  }
  expect(store.isRevoked({ jti: "with", sub: "u" })).toBe(false);
  expect(store.isRevoked({ jti: "emoji-😀", sub: "u" })).toBe(false);
});
