/**
 * `bun bench/revocations-load.ts`: how long loading revoked tokens into memory takes at start, and
 * what memory each entry keeps, in process: `BENCH_REVOCATIONS` (default 1,000,000) token
 * revocations written into a throwaway Postgres database (generate_series) and a SQLite file, then
 * loaded into a fresh in-memory mirror three times by jot's loader and by the one it had before,
 * interleaved; the median load and the heap the mirror keeps after a full collection. `BENCH_STORES=sqlite,postgres`. Figures only; nothing is asserted.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryRevocationStore } from "@jot/elysia/server";
import { migrate, openDatabase, SqlRevocationStore, type Database } from "@jot/stores";
import { createPostgresDatabase } from "@jot/testing";

const COUNT = Number(process.env.BENCH_REVOCATIONS ?? 1_000_000);
const STORES = (process.env.BENCH_STORES ?? "sqlite,postgres").split(",");
const now = Math.floor(Date.now() / 1000);

/** Collects until the heap stops shrinking. */
function settledHeap(): number {
  let last = Number.POSITIVE_INFINITY;
  for (let collection = 0; collection < 10 && process.memoryUsage().heapUsed < last - 2 ** 16; collection++) {
    last = process.memoryUsage().heapUsed;
    Bun.gc(true);
  }
  return process.memoryUsage().heapUsed;
}

async function measure(label: string, db: Database): Promise<void> {
  await migrate(db);
  const started = performance.now();
  if (db.engine === "postgres") {
    await db.sql`insert into revoked_tokens (jti, expires_at) select gen_random_uuid()::text, ${now + 3600} + (n % 1000) from generate_series(1, ${COUNT}) as n`;
  } else {
    await db.sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${COUNT})
      insert into revoked_tokens (jti, expires_at) select lower(hex(randomblob(16))), ${now + 3600} + (i % 1000) from n`;
  }
  console.log(`${label}: ${COUNT.toLocaleString("en")} rows written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const store = new SqlRevocationStore(db.sql);
  const loaders = { "jot's loadInto": (memory: MemoryRevocationStore) => store.loadInto(memory, now), "pages of row objects (before)": (memory: MemoryRevocationStore) => pagedRows(db, memory) };
  const times: Record<string, number[]> = {};
  const heapPerEntry: Record<string, number> = {};
  for (let round = 0; round < 3; round++) {
    for (const [name, load] of Object.entries(loaders)) {
      // Memory is read in the first round only: later, what an earlier round made may still be held.
      const before = round === 0 ? settledHeap() : 0;
      const memory = new MemoryRevocationStore();
      const loadStarted = performance.now();
      await load(memory);
      (times[name] ??= []).push(performance.now() - loadStarted);
      if (memory.size !== COUNT) throw new Error(`${name} loaded ${memory.size} of ${COUNT}`);
      if (round === 0) heapPerEntry[name] = (settledHeap() - before) / memory.size;
      memory.clear();
    }
  }
  for (const [name, values] of Object.entries(times)) {
    values.sort((a, b) => a - b);
    console.log(`${label}, ${name}: load ${values.map((t) => t.toFixed(0)).join(" / ")} ms (median ${values[1]!.toFixed(0)} ms), ${heapPerEntry[name]!.toFixed(1)} heap bytes per entry kept`);
  }
}

/** The loader jot had before, for comparison in the same run: pages of 10,000 row objects, by primary key on Postgres, by rowid on SQLite. */
async function pagedRows(db: Database, memory: MemoryRevocationStore): Promise<void> {
  const { sql } = db;
  const key = db.engine === "sqlite" ? "rowid" : "jti";
  let after: string | number = db.engine === "sqlite" ? 0 : "";
  for (;;) {
    const rows: Array<{ page_key: string | number; id: string; expires_at: number | string }> = await sql`
      select ${sql(key)} as page_key, jti as id, * from revoked_tokens where ${sql(key)} > ${after} and expires_at > ${now} order by ${sql(key)} limit 10000`;
    for (const row of rows) memory.applyToken(row.id, Number(row.expires_at));
    if (rows.length < 10_000) return;
    after = rows[rows.length - 1]!.page_key;
  }
}

for (const kind of STORES) {
  if (kind === "postgres") {
    const database = await createPostgresDatabase();
    const db = openDatabase(database.url);
    try {
      await measure("Postgres", db);
    } finally {
      await db.sql.close();
      await database.drop();
    }
  } else if (kind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "jot-revocations-"));
    const db = openDatabase(`sqlite://${join(dir, "jot.sqlite")}`);
    try {
      await measure("SQLite", db);
    } finally {
      await db.sql.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
