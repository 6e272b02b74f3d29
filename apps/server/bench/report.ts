import { cpus, totalmem } from "node:os";
import type { BenchContext } from "./context.ts";

async function versionOf(command: string[]): Promise<string> {
  const output = await Bun.$`${command}`.nothrow().quiet().text();
  return output.trim().split("\n")[0] ?? "?";
}

async function packageVersion(name: string): Promise<string> {
  const manifest = (await import(`${name}/package.json`, { with: { type: "json" } })) as { default: { version: string } };
  return manifest.default.version;
}

/** The head of BENCHMARKS.md: when, on what, with which versions, and how it measures. */
export async function describeRun(context: BenchContext, scenarios: string[]): Promise<string> {
  const commit = await versionOf(["git", "rev-parse", "--short", "HEAD"]);
  const wrk = await versionOf(["wrk", "-v"]);
  const postgres = await versionOf(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-Atc", "show server_version"]);
  const redis = await versionOf(["redis-cli", "-h", "127.0.0.1", "INFO", "server"]).then(async () =>
    (await Bun.$`redis-cli -h 127.0.0.1 INFO server`.nothrow().quiet().text()).match(/redis_version:(\S+)/)?.[1] ?? "?",
  );
  return `# Benchmarks

Written by \`bun run bench\` (apps/server/bench/run.ts) on ${new Date().toISOString()}, commit ${commit}.
Scenarios: ${scenarios.join(", ")}. Every figure below comes from that one run.

## Machine and versions

- ${cpus().length} × ${cpus()[0]?.model ?? "?"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; shared with other work while it ran, so absolute figures move between runs: compare within a table.
- Bun ${Bun.version}, Elysia ${await packageVersion("elysia")}, @elysiajs/jwt ${await packageVersion("@elysiajs/jwt")}, @elysiajs/bearer ${await packageVersion("@elysiajs/bearer")}, hono ${await packageVersion("hono")}
- ${wrk}; PostgreSQL ${postgres}; Redis ${redis}

## Method

- Load: wrk, one thread, ${context.connections} connections, loopback only, each request carrying the next token of a set
  (bench/rotate-tokens.lua, round robin). Token sets: ${context.tokens.manyCount.toLocaleString("en")} and ${context.tokens.fewCount.toLocaleString("en")}
  distinct HS256 access tokens, minted with jot's own issuer and key (each its own user and session), so every server gets the same bytes.
- Cores: every server is pinned to core ${context.serverCpu} (\`taskset\`), wrk and the bench to core ${context.loadCpu}: one core per side.
- Rounds: ${context.rounds} rounds of ${context.seconds} s per target, interleaved (round 1 of every target, then round 2, …), after a 2 s warm-up each;
  tables give medians of the rounds, and each ratio is taken within its round against that round's limit.
- The limit: \`Bun.serve\` with one route that does the least a correct verifier of the same tokens does: the HMAC-SHA256
  (key set up once), \`JSON.parse\` of the payload, the \`exp\` and \`nbf\` checks (bench/peers/verifier-server.ts).
  For reference only, the same route checking the HMAC and nothing else (bench/peers/bare-hmac-server.ts), which accepts
  expired tokens; the limit under Elysia: the same check in an Elysia route (bench/peers/elysia-hmac-server.ts), what the framework costs by itself;
  and the same Elysia route given the token by \`@elysiajs/bearer\` (bench/peers/elysia-bearer-hmac-server.ts), what that package costs.
  The peers: Elysia + \`@elysiajs/jwt\` + \`@elysiajs/bearer\` and Hono + \`hono/jwt\` as their READMEs show them (bench/peers/).
- jot runs as \`bun src/main.ts\` with NODE_ENV=production and its defaults; the store configuration is in each row.
  jot with memory-only stores is not listed: the standalone server has no such configuration (SQLite's revocations are already answered from memory).
- "server CPU µs/request" is the server process's CPU time (user + system, /proc) over a run divided by the requests it answered;
  "ratio to limit (CPU)" is the limit's CPU per request divided by the row's. On a machine shared with other work it moves
  far less than requests per second, which also count the turns other processes take on the server's core.
- "errors" counts non-2xx answers and socket errors. No test asserts any timing.`;
}
