/**
 * `bun run bench`: jot's guard under the loads that matter, against the bare limit (a Bun route
 * doing one HMAC) and the peers a Bun user would otherwise write, in one run on this machine.
 * Writes BENCHMARKS.md at the repository root. Asserts nothing: figures only.
 *
 * Knobs: BENCH_SECONDS (per measured run, default 10), BENCH_ROUNDS (default 3),
 * BENCH_SCENARIOS (comma list of many, starvation, refresh, soak, cold, revocations; default all),
 * BENCH_SOAK_SECONDS (60), BENCH_LOGIN_RATE (20 logins/s), BENCH_REVOCATIONS (1,000,000),
 * BENCH_OUT (where the report goes), BENCH_BASELINE (another checkout's apps/server/src/main.ts, measured
 * beside this one in the many-tokens rounds). Needs the machine's Postgres and Redis.
 * The better-auth scenario: BENCH_BETTER_AUTH_SIGNUPS (users signed up through its API, default
 * 1,000; the rest written into its tables), BENCH_BETTER_AUTH_USERS ("few,many", default
 * "1000,100000"), BENCH_LOGIN_CONNECTIONS (4).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPostgresDatabase, deleteRedisKeys, REDIS_TEST_URL, type TestDatabase } from "@jot/testing";
import type { BenchContext } from "./context.ts";
import { ensureWrk } from "./load.ts";
import { mintTokens } from "./mint-tokens.ts";
import { describeRun } from "./report.ts";
import { betterAuthPeer } from "./scenarios/better-auth-peer.ts";
import { coldStart } from "./scenarios/cold-start.ts";
import { loginStarvation } from "./scenarios/login-starvation.ts";
import { manyTokens } from "./scenarios/many-tokens.ts";
import { refreshThroughput } from "./scenarios/refresh-throughput.ts";
import { revocationsStartup } from "./scenarios/revocations-startup.ts";
import { soak } from "./scenarios/soak.ts";
import { killAllServers } from "./servers.ts";

const SCENARIOS = {
  many: { title: "Many tokens: GET /protected", run: manyTokens },
  starvation: { title: "Login starvation: logins while /protected is loaded, server on one core", run: loginStarvation },
  refresh: { title: "Refresh throughput: rotations per second", run: refreshThroughput },
  soak: { title: "Soak: full load for a minute", run: soak },
  cold: { title: "Cold start: time to the first 200 on /health", run: coldStart },
  revocations: { title: "A million revocations: start-up, memory, /protected", run: revocationsStartup },
  "better-auth": { title: "better-auth as a peer: session check, JWT route, login, renewal, background sign-ups", run: betterAuthPeer },
} as const;
type ScenarioName = keyof typeof SCENARIOS;

const chosen = (process.env.BENCH_SCENARIOS ?? Object.keys(SCENARIOS).join(",")).split(",").map((name) => name.trim()) as ScenarioName[];
for (const name of chosen) if (!(name in SCENARIOS)) throw new Error(`BENCH_SCENARIOS: unknown scenario "${name}"`);

// The bench and wrk share core 0; every server gets core 1 to itself.
await Bun.$`taskset -cp 0 ${process.pid}`.quiet();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => (killAllServers(), process.exit(130)));
await ensureWrk();

const workDir = mkdtempSync(join(tmpdir(), "jot-bench-tokens-"));
const redisPrefix = `jot-bench:${crypto.randomUUID()}:`;
let database: TestDatabase | undefined;
try {
  database = await createPostgresDatabase();
  const context: BenchContext = {
    seconds: Number(process.env.BENCH_SECONDS ?? 10),
    rounds: Number(process.env.BENCH_ROUNDS ?? 3),
    connections: 64,
    serverCpu: 1,
    loadCpu: 0,
    secret: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url"),
    tokens: { many: join(workDir, "many.txt"), few: join(workDir, "few.txt"), manyCount: 100_000, fewCount: 1_000 },
    postgresUrl: database.url,
    redisUrl: REDIS_TEST_URL,
    redisPrefix,
  };
  await mintTokens(context.secret, context.tokens.manyCount, context.tokens.many);
  await mintTokens(context.secret, context.tokens.fewCount, context.tokens.few);
  const sections: string[] = [];
  for (const name of chosen) {
    console.log(`${SCENARIOS[name].title}…`);
    const started = performance.now();
    const body = await SCENARIOS[name].run(context);
    sections.push(`## ${SCENARIOS[name].title}\n\n${body}`);
    console.log(`${body}\n(${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  }
  const out = process.env.BENCH_OUT ?? join(import.meta.dir, "..", "..", "..", "BENCHMARKS.md");
  await Bun.write(out, `${await describeRun(context, chosen)}\n\n${sections.join("\n\n")}\n`);
  console.log(`wrote ${out}`);
} finally {
  killAllServers();
  await database?.drop();
  await deleteRedisKeys(REDIS_TEST_URL, redisPrefix);
  rmSync(workDir, { recursive: true, force: true });
}
