import { dirname } from "node:path";
import { jotVariants, type BenchContext } from "../context.ts";
import { runLoad, type LoadResult } from "../load.ts";
import { startServer, type BenchServer, type ServerKind } from "../servers.ts";
import { fixed, median, table } from "../stats.ts";

/** A load run with the server's CPU time per request it served. */
interface Measured extends LoadResult {
  cpuMicros: number;
}

interface Target {
  label: string;
  kind: ServerKind;
  env?: Record<string, string>;
  entry?: string;
}

/**
 * Many tokens: `GET /protected` with every token of a set sent round robin, on the limit (the least
 * a correct verifier does: HMAC, payload parse, exp/nbf),
 * jot's store configurations and the two peers. Rounds are interleaved (round 1 of every target,
 * then round 2, …) so drift on a shared machine hits all alike; each ratio is taken within a
 * round against that round's bare limit, and the table shows medians.
 */
export async function manyTokens(context: BenchContext): Promise<string> {
  const jot = jotVariants(context);
  const baseline = baselineEntry();
  const targets: Target[] = [
    { label: "bare Bun route, HMAC + JSON.parse + exp/nbf (the limit: a correct verifier)", kind: "verifier" },
    { label: "bare Bun route, one HMAC only (reference, not a verifier)", kind: "bare-hmac" },
    { label: "Elysia route, one HMAC (the limit under Elysia)", kind: "elysia-hmac" },
    { label: "the same Elysia route, token read by @elysiajs/bearer", kind: "elysia-bearer-hmac" },
    { label: jot.sqlite.label, kind: "jot", env: jot.sqlite.env },
    { label: jot.sqliteNoCache.label, kind: "jot", env: jot.sqliteNoCache.env },
    { label: jot.postgres.label, kind: "jot", env: jot.postgres.env },
    { label: jot.postgresRedis.label, kind: "jot", env: jot.postgresRedis.env },
    // Another checkout's jot (BENCH_BASELINE: its apps/server/src/main.ts), in the same rounds.
    ...(baseline ? [{ label: `${jot.sqlite.label}, at ${baseline.name}`, kind: "jot" as const, env: jot.sqlite.env, entry: baseline.entry }] : []),
    { label: "Elysia + @elysiajs/jwt + @elysiajs/bearer", kind: "elysia-jwt" },
    { label: "Hono + hono/jwt", kind: "hono-jwt" },
  ];
  const sets = [
    { name: `${context.tokens.manyCount.toLocaleString("en")} distinct tokens`, file: context.tokens.many },
    { name: `${context.tokens.fewCount.toLocaleString("en")} distinct tokens`, file: context.tokens.few },
  ];
  const servers: BenchServer[] = [];
  try {
    for (const target of targets) {
      servers.push(await startServer({ kind: target.kind, cpu: context.serverCpu, entry: target.entry, env: { JWT_SECRET_KEY: context.secret, ...target.env } }));
    }
    // The server's CPU time per request is measured too: on a shared machine it moves far less
    // than requests per second, which also count the turns other processes took on the core.
    const load = async (server: BenchServer, file: string, seconds: number): Promise<Measured> => {
      const cpuBefore = server.cpuSeconds();
      const result = await runLoad({ url: `${server.url}/protected`, tokensFile: file, seconds, connections: context.connections, cpu: context.loadCpu });
      return { ...result, cpuMicros: ((server.cpuSeconds() - cpuBefore) * 1e6) / result.requests };
    };
    const results = sets.map(() => targets.map(() => [] as Measured[]));
    for (const set of sets) for (const server of servers) await load(server, set.file, 2); // JIT, connections, caches
    for (let round = 0; round < context.rounds; round++) {
      for (const [s, set] of sets.entries()) {
        for (const [t, server] of servers.entries()) {
          const result = await load(server, set.file, context.seconds);
          results[s]![t]!.push(result);
          console.log(`  many tokens, round ${round + 1}, ${set.name}, ${targets[t]!.label}: ${fixed(result.requestsPerSecond)} req/s, ${fixed(result.cpuMicros, 1)} µs CPU/request`);
        }
      }
    }
    return sets
      .map((set, s) => {
        const limit = results[s]![0]!;
        const rows = targets.map((target, t) => {
          const runs = results[s]![t]!;
          const ratios = runs.map((run, round) => run.requestsPerSecond / limit[round]!.requestsPerSecond);
          const cpuRatios = runs.map((run, round) => limit[round]!.cpuMicros / run.cpuMicros);
          return [
            target.label,
            fixed(median(runs.map((run) => run.requestsPerSecond))),
            fixed(median(runs.map((run) => run.p99Ms)), 2),
            String(runs.reduce((sum, run) => sum + run.errors, 0)),
            `${fixed(median(ratios), 2)}×`,
            fixed(median(runs.map((run) => run.cpuMicros)), 1),
            `${fixed(median(cpuRatios), 2)}×`,
            runs.map((run) => fixed(run.requestsPerSecond)).join(" / "),
          ];
        });
        const header = ["server", "req/s", "p99 ms", "errors", "ratio to limit (req/s)", "server CPU µs/request", "ratio to limit (CPU)", "req/s per round"];
        return `### ${set.name}, round robin\n\n${table(header, rows)}`;
      })
      .join("\n\n");
  } finally {
    for (const server of servers) await server.stop();
  }
}

/** `BENCH_BASELINE`, the entry point of another checkout's server, named by its commit. */
function baselineEntry(): { entry: string; name: string } | undefined {
  const entry = process.env.BENCH_BASELINE;
  if (!entry) return undefined;
  const commit = Bun.spawnSync(["git", "rev-parse", "--short", "HEAD"], { cwd: dirname(entry) }).stdout.toString().trim();
  return { entry, name: commit ? `commit ${commit}` : entry };
}
