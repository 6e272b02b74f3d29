import { Database } from "bun:sqlite";
import { SQL } from "bun";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPostgresDatabase, type TestDatabase } from "@jot/testing";
import type { BenchContext } from "../context.ts";
import { runLoad, type LoadResult } from "../load.ts";
import { startServer, type BenchServer } from "../servers.ts";
import { fixed, median, table } from "../stats.ts";
import { timeToHealthy, type StartUp } from "../time-to-healthy.ts";

/** A store to fill: how jot is pointed at it, and how `count` revoked tokens are written into it. */
interface Store {
  label: string;
  env: (full: boolean) => Record<string, string>;
  dataDir: (full: boolean) => string | undefined;
  fill(count: number, until: number): Promise<void>;
}

function sqliteStore(): Store & { cleanup(): void } {
  const dirs = { full: mkdtempSync(join(tmpdir(), "jot-bench-full-")), empty: mkdtempSync(join(tmpdir(), "jot-bench-empty-")) };
  return {
    label: "jot, SQLite",
    env: () => ({}),
    dataDir: (full) => (full ? dirs.full : dirs.empty),
    async fill(count, until) {
      const db = new Database(join(dirs.full, "jot.sqlite"));
      db.run(
        `with recursive n(i) as (select 1 union all select i + 1 from n where i < ?)
         insert into revoked_tokens (jti, expires_at) select lower(hex(randomblob(16))), ? from n`,
        [count, until],
      );
      db.close();
    },
    cleanup: () => Object.values(dirs).forEach((dir) => rmSync(dir, { recursive: true, force: true })),
  };
}

function postgresStore(full: TestDatabase, empty: TestDatabase): Store {
  return {
    label: "jot, Postgres, no Redis",
    env: (isFull) => ({ DATABASE_URL: (isFull ? full : empty).url }),
    dataDir: () => undefined,
    async fill(count, until) {
      const sql = new SQL(full.url, { max: 1 });
      try {
        await sql`insert into revoked_tokens (jti, expires_at) select gen_random_uuid()::text, ${until} from generate_series(1, ${count})`;
      } finally {
        await sql.close();
      }
    },
  };
}

/**
 * A million revocations: BENCH_REVOCATIONS (default 1,000,000) live revoked tokens written
 * straight into the store, then jot started on it: time to healthy, resident memory against the
 * same store empty (so memory per entry), and `/protected` (1,000 tokens) against the empty
 * store, interleaved. Redis is left out: its entries are written only through jot's own scripts.
 */
export async function revocationsStartup(context: BenchContext): Promise<string> {
  const count = Number(process.env.BENCH_REVOCATIONS ?? 1_000_000);
  const sqlite = sqliteStore();
  const databases = [await createPostgresDatabase(), await createPostgresDatabase()] as const;
  const stores = [sqlite, postgresStore(...databases)];
  const rows: Array<Array<string | number>> = [];
  try {
    for (const store of stores) {
      // A first start creates the schema in both; then only the full one is filled.
      for (const full of [true, false]) await timeToHealthy(context, store.env(full), store.dataDir(full));
      const filling = performance.now();
      await store.fill(count, Math.floor(Date.now() / 1000) + 6 * 3600);
      console.log(`  ${store.label}: ${count} revocations written in ${fixed((performance.now() - filling) / 1000, 1)} s`);
      const starts = { full: [] as StartUp[], empty: [] as StartUp[] };
      for (let round = 0; round < context.rounds; round++) {
        starts.full.push(await timeToHealthy(context, store.env(true), store.dataDir(true)));
        starts.empty.push(await timeToHealthy(context, store.env(false), store.dataDir(false)));
      }
      const ratio = await protectedRatio(context, store);
      const startMs = (list: StartUp[]) => median(list.map((start) => start.ms));
      const rss = (list: StartUp[]) => median(list.map((start) => start.rssMiB));
      rows.push([
        store.label,
        fixed(startMs(starts.full)),
        fixed(startMs(starts.empty)),
        fixed(rss(starts.full)),
        fixed(rss(starts.empty)),
        fixed(((rss(starts.full) - rss(starts.empty)) * 2 ** 20) / count),
        `${fixed(ratio, 2)}×`,
      ]);
    }
  } finally {
    sqlite.cleanup();
    for (const database of databases) await database.drop();
  }
  return `${table(
    ["store", `start ms, ${count.toLocaleString("en")} revoked`, "start ms, empty", "RSS MiB, full", "RSS MiB, empty", "bytes per entry", "/protected full ÷ empty"],
    rows,
  )}\n\nStart is spawn to first 200 on /health (median of ${context.rounds}); RSS is read at that moment. Bytes per entry is the RSS difference divided by the entries; it is 0 where the store is not loaded into memory.`;
}

/** `/protected` req/s on the full store divided by the empty one's, median of interleaved rounds. */
async function protectedRatio(context: BenchContext, store: Store): Promise<number> {
  const servers: BenchServer[] = [];
  try {
    for (const full of [true, false]) {
      const dataDir = store.dataDir(full);
      servers.push(await startServer({ kind: "jot", cpu: context.serverCpu, env: { JWT_SECRET_KEY: context.secret, ...store.env(full) }, ...(dataDir ? { dataDir } : {}) }));
    }
    const load = (server: BenchServer, seconds: number) =>
      runLoad({ url: `${server.url}/protected`, tokensFile: context.tokens.few, seconds, connections: context.connections, cpu: context.loadCpu });
    for (const server of servers) await load(server, 2);
    const ratios: number[] = [];
    for (let round = 0; round < context.rounds; round++) {
      const [full, empty] = [await load(servers[0]!, context.seconds), await load(servers[1]!, context.seconds)] as LoadResult[];
      ratios.push(full!.requestsPerSecond / empty!.requestsPerSecond);
    }
    return median(ratios);
  } finally {
    for (const server of servers) await server.stop();
  }
}
