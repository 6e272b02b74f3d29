import type { BenchContext } from "../context.ts";
import { runLoad, type LoadResult } from "../load.ts";
import { startServer } from "../servers.ts";
import { fixed, median, percentile, table } from "../stats.ts";

/**
 * Logins rotate over this many accounts, as real ones come from many users: every attempt in
 * flight counts against its account's failure limit until it succeeds, so one account would be
 * answered 429 at this rate.
 */
const ACCOUNTS = 50;
const credentials = (index: number) => ({ username: `bench${index % ACCOUNTS}`, password: "bench password 1" });
const postJson = (url: string, body: unknown) => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** What logins offered at a fixed rate got back. */
interface LoginOutcome {
  offered: number;
  ok: number;
  overloaded: number;
  /** Any other answer, by status ("network" where none came). */
  other: Record<string, number>;
  latenciesMs: number[];
}

/**
 * Sends logins open loop (one every 1/rate s, whether or not earlier ones answered) for `seconds`,
 * then waits for the stragglers, as users arriving do.
 */
async function offerLogins(url: string, rate: number, seconds: number): Promise<LoginOutcome> {
  const outcome: LoginOutcome = { offered: 0, ok: 0, overloaded: 0, other: {}, latenciesMs: [] };
  const otherwise = (kind: string) => void (outcome.other[kind] = (outcome.other[kind] ?? 0) + 1);
  const pending: Array<Promise<void>> = [];
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    const sent = performance.now();
    outcome.offered++;
    pending.push(
      postJson(`${url}/auth/login`, credentials(outcome.offered))
        .then(async (response) => {
          await response.arrayBuffer();
          if (response.status === 200) (outcome.ok++, outcome.latenciesMs.push(performance.now() - sent));
          else if (response.status === 503) outcome.overloaded++;
          else otherwise(String(response.status));
        })
        .catch(() => otherwise("network")),
    );
    await Bun.sleep(Math.max(0, started + (outcome.offered * 1000) / rate - performance.now()));
  }
  await Promise.all(pending);
  return outcome;
}

/**
 * Logins cannot starve the guard: jot on SQLite alone on one core, `/protected` loaded by wrk
 * (1,000 tokens), with and without logins (round robin over {@link ACCOUNTS} accounts) offered at
 * BENCH_LOGIN_RATE per second (default 20) from the other core; interleaved rounds. Measures whatever password hashing the server does.
 */
export async function loginStarvation(context: BenchContext): Promise<string> {
  const rate = Number(process.env.BENCH_LOGIN_RATE ?? 20);
  const server = await startServer({
    kind: "jot",
    cpu: context.serverCpu,
    // Every login comes from 127.0.0.1 and each account logs in many times; the login limits
    // (and the session cap) would measure throttling instead of password hashing.
    env: {
      JWT_SECRET_KEY: context.secret,
      LOGIN_MAX_FAILURES_PER_ADDRESS: "1000000",
      LOGIN_MAX_FAILURES_PER_NETWORK: "1000000",
      LOGIN_MAX_FAILURES_PER_SITE: "1000000",
      LOGIN_MAX_PER_ADDRESS: "1000000",
      LOGIN_MAX_PER_ACCOUNT: "1000000",
      JWT_MAX_SESSIONS: "10000",
      REGISTER_MAX_PER_ADDRESS: "1000000",
    },
  });
  try {
    for (let index = 0; index < ACCOUNTS; index++) {
      const register = await postJson(`${server.url}/auth/register`, credentials(index));
      if (register.status !== 201) throw new Error(`register answered ${register.status}`);
    }
    const load = (seconds: number) =>
      runLoad({ url: `${server.url}/protected`, tokensFile: context.tokens.few, seconds, connections: context.connections, cpu: context.loadCpu });
    await load(2);
    const alone: LoadResult[] = [];
    const loaded: LoadResult[] = [];
    const logins: LoginOutcome[] = [];
    for (let round = 0; round < context.rounds; round++) {
      alone.push(await load(context.seconds));
      const [result, outcome] = await Promise.all([load(context.seconds), offerLogins(server.url, rate, context.seconds)]);
      loaded.push(result);
      logins.push(outcome);
      console.log(`  login starvation, round ${round + 1}: ${fixed(alone.at(-1)!.requestsPerSecond)} → ${fixed(result.requestsPerSecond)} req/s, ${outcome.ok}/${outcome.offered} logins`);
    }
    const rps = (runs: LoadResult[]) => median(runs.map((run) => run.requestsPerSecond));
    const ratios = loaded.map((run, round) => run.requestsPerSecond / alone[round]!.requestsPerSecond);
    const latencies = logins.flatMap((outcome) => outcome.latenciesMs);
    const sum = (pick: (outcome: LoginOutcome) => number) => logins.reduce((total, outcome) => total + pick(outcome), 0);
    const others = new Map<string, number>();
    for (const [kind, count] of logins.flatMap((outcome) => Object.entries(outcome.other))) others.set(kind, (others.get(kind) ?? 0) + count);
    const other = [...others].map(([kind, count]) => `${count} × ${kind}`).join(", ") || "0";
    const guard = table(
      ["/protected", "req/s", "p99 ms", "errors", "ratio to no logins"],
      [
        ["no logins", fixed(rps(alone)), fixed(median(alone.map((run) => run.p99Ms)), 2), String(alone.reduce((n, run) => n + run.errors, 0)), "1.00×"],
        [`logins offered at ${rate}/s`, fixed(rps(loaded)), fixed(median(loaded.map((run) => run.p99Ms)), 2), String(loaded.reduce((n, run) => n + run.errors, 0)), `${fixed(median(ratios), 2)}×`],
      ],
    );
    const seconds = context.rounds * context.seconds;
    const login = table(
      ["logins", "offered", "200", "503 overloaded", "other", "sustained /s", "latency p50 ms", "latency p99 ms"],
      [[`${rate}/s for ${context.rounds} × ${context.seconds} s`, sum((o) => o.offered), sum((o) => o.ok), sum((o) => o.overloaded), other, fixed(sum((o) => o.ok) / seconds, 1), fixed(percentile(latencies, 0.5)), fixed(percentile(latencies, 0.99))]],
    );
    return `${guard}\n\n${login}\n\nLogins rotate over ${ACCOUNTS} accounts. "sustained" is the logins answered 200 per second of offering; latency is of the 200s, from send to answer. The server uses its own defaults for password hashing.`;
  } finally {
    await server.stop();
  }
}
