/**
 * `bun run bench`: jot's `GET /protected` against the practical limit (a bare Bun route doing one
 * HMAC), measured with wrk on loopback in one run, rounds interleaved so that both see the same
 * machine. Prints requests/s, p99 and jot's ratio to the limit. Asserts nothing: figures only.
 *
 * Besides the limit: jot on SQLite (revocations mirrored in memory), with the verified-token cache
 * off, on Postgres (one revocation query per request) and on Postgres with Redis (revocations
 * mirrored in memory, kept current by pub/sub). Needs the machine's Postgres and Redis.
 * BENCH_SECONDS (default 5) and BENCH_ROUNDS (default 3) bound the run.
 */
import { join } from "node:path";
import { deleteRedisKeys } from "../test/redis-keys.ts";
import { createPostgresDatabase, REDIS_TEST_URL, type TestDatabase } from "../test/services.ts";
import { spawnServer } from "../test/spawn-server.ts";
import { ensureWrk, runLoad, type LoadResult } from "./load.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 50;
const secret = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");

/** Starts the bare HMAC route and resolves its base URL once it listens. */
async function startLimitServer(): Promise<{ url: string; stop: () => void }> {
  const child = Bun.spawn(["bun", join(import.meta.dir, "hmac-limit-server.ts")], {
    env: { ...process.env, JWT_SECRET_KEY: secret, PORT: "0" },
    stdout: "pipe",
  });
  const reader = child.stdout.getReader();
  let text = "";
  while (!/port (\d+)/.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the limit server did not start");
    text += new TextDecoder().decode(value);
  }
  return { url: `http://127.0.0.1:${/port (\d+)/.exec(text)![1]}`, stop: () => child.kill() };
}

async function login(baseUrl: string): Promise<string> {
  const credentials = { username: "bench", password: "bench password 1" };
  const post = (path: string) =>
    fetch(`${baseUrl}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(credentials) });
  await post("/auth/register");
  const response = await post("/auth/login");
  if (!response.ok) throw new Error(`login answered ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

await ensureWrk();
const redisPrefix = `jot-bench:${crypto.randomUUID()}:`;
let database: TestDatabase | undefined;

/** The servers measured: the limit first, then each jot configuration. */
const targets: Array<{ label: string; url: string; stop: () => unknown }> = [];
try {
  const limit = await startLimitServer();
  targets.push({ label: "bare Bun route, one HMAC", ...limit });
  database = await createPostgresDatabase();
  const variants: Array<[string, Record<string, string>]> = [
    ["jot, SQLite (memory mirror)", {}],
    ["jot, SQLite, no verified cache", { JWT_VERIFY_CACHE_SIZE: "0" }],
    ["jot, Postgres (SQL per request)", { DATABASE_URL: database.url }],
    ["jot, Postgres + Redis (mirror)", { DATABASE_URL: database.url, REDIS_URL: REDIS_TEST_URL, REDIS_KEY_PREFIX: redisPrefix }],
  ];
  for (const [label, env] of variants) {
    const server = await spawnServer({ JWT_SECRET_KEY: secret, NODE_ENV: "production", AUTH_REGISTRATION: "open", ...env });
    targets.push({ label, url: server.url, stop: server.stop });
  }
  // Every jot target shares the key, so one login's token is good on all of them.
  const token = await login(targets[1]!.url);
  const headers = { authorization: `Bearer ${token}` };
  const results = targets.map(() => [] as LoadResult[]);
  // Warm every target up (JIT, connections) before anything is counted.
  for (const target of targets) await runLoad(`${target.url}/protected`, headers, 1, CONNECTIONS);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, target] of targets.entries()) results[index]!.push(await runLoad(`${target.url}/protected`, headers, SECONDS, CONNECTIONS));
  }
  const limitRps = median(results[0]!.map((r) => r.requestsPerSecond));
  console.log(`\nGET /protected, wrk -t1 -c${CONNECTIONS}, ${ROUNDS} × ${SECONDS}s interleaved, median of rounds`);
  console.log(`${"target".padEnd(32)}   req/s     p99 ms   non-2xx   ratio`);
  for (const [index, target] of targets.entries()) {
    const runs = results[index]!;
    const rps = median(runs.map((r) => r.requestsPerSecond));
    const p99 = median(runs.map((r) => r.p99Ms));
    const non2xx = runs.reduce((sum, r) => sum + r.non2xx, 0);
    console.log(`${target.label.padEnd(32)} ${rps.toFixed(0).padStart(7)} ${p99.toFixed(2).padStart(10)} ${String(non2xx).padStart(9)}   ${(rps / limitRps).toFixed(2)}×`);
  }
} finally {
  for (const target of targets) await target.stop();
  await database?.drop();
  await deleteRedisKeys(REDIS_TEST_URL, redisPrefix);
}
