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
/** A JSON POST; `from` names the client in `X-Forwarded-For` (believed only by a server that trusts the bench). */
const postJson = (url: string, body: unknown, from?: string) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", ...(from ? { "x-forwarded-for": from } : {}) }, body: JSON.stringify(body) });
/** The attack of bench/login-fairness.ts: sixteen attackers, one in each of sixteen /64s of 2001:db8:7::/48. */
const ATTACKERS = 16;
const attackerAddress = (index: number) => `2001:db8:7:${index.toString(16)}::1`;
/** Under attack each legitimate login comes from a /24 of its own: real users do not share the attackers' networks. */
const userAddress = (index: number) => `10.${(index >> 8) & 255}.${index & 255}.1`;

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
async function offerLogins(url: string, rate: number, seconds: number, from?: (index: number) => string): Promise<LoginOutcome> {
  const outcome: LoginOutcome = { offered: 0, ok: 0, overloaded: 0, other: {}, latenciesMs: [] };
  const otherwise = (kind: string) => void (outcome.other[kind] = (outcome.other[kind] ?? 0) + 1);
  const pending: Array<Promise<void>> = [];
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    const sent = performance.now();
    outcome.offered++;
    pending.push(
      postJson(`${url}/auth/login`, credentials(outcome.offered), from?.(outcome.offered))
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
 * Failing logins for unknown names without pause (a short rest after each refusal, so a refused loop
 * does not spin the bench's core) from {@link ATTACKERS} /64s, for `seconds`; answers how many were sent.
 */
async function attackLogins(url: string, seconds: number): Promise<number> {
  let sent = 0;
  const until = performance.now() + seconds * 1000;
  const attacker = async (index: number) => {
    for (let attempt = 0; performance.now() < until; attempt++) {
      sent++;
      const response = await postJson(`${url}/auth/login`, { username: `nobody${index}x${attempt}`, password: "a wrong password" }, attackerAddress(index)).catch(() => undefined);
      await response?.arrayBuffer();
      if (response?.status !== 401) await Bun.sleep(5);
    }
  };
  await Promise.all(Array.from({ length: ATTACKERS }, (_, index) => attacker(index)));
  return sent;
}

/** What one server did over the rounds: /protected alone, /protected with logins, and the logins. */
interface StarvationRuns {
  alone: LoadResult[];
  loaded: LoadResult[];
  logins: LoginOutcome[];
  attacks: number[];
}

/**
 * Logins cannot starve the guard: jot on SQLite alone on one core, `/protected` loaded by wrk
 * (1,000 tokens), with and without logins (round robin over {@link ACCOUNTS} accounts) offered at
 * BENCH_LOGIN_RATE per second (default 20) from the other core; interleaved rounds. Measures whatever password hashing the server does.
 * Then the same on a second server with its default failure limits and fair password queue, trusting the
 * bench's `X-Forwarded-For`, while the attack of bench/login-fairness.ts runs: the legitimate logins'
 * success and latency, and /protected's ratio and p99.
 */
export async function loginStarvation(context: BenchContext): Promise<string> {
  const rate = Number(process.env.BENCH_LOGIN_RATE ?? 20);
  // Each account logs in many times and a session cap would end sessions: those limits are lifted on both.
  const common = { JWT_SECRET_KEY: context.secret, LOGIN_MAX_PER_ACCOUNT: "1000000", JWT_MAX_SESSIONS: "10000", REGISTER_MAX_PER_ADDRESS: "1000000" };
  // Every login comes from 127.0.0.1: the address and network limits would measure throttling instead of password hashing.
  const plain = await measureOn(context, rate, { ...common, LOGIN_MAX_FAILURES_PER_ADDRESS: "1000000", LOGIN_MAX_FAILURES_PER_NETWORK: "1000000", LOGIN_MAX_FAILURES_PER_SITE: "1000000", LOGIN_MAX_PER_ADDRESS: "1000000" }, false);
  const attacked = await measureOn(context, rate, { ...common, TRUST_PROXY: "127.0.0.1" }, true);

  const rps = (runs: LoadResult[]) => median(runs.map((run) => run.requestsPerSecond));
  const ratio = (runs: StarvationRuns) => median(runs.loaded.map((run, round) => run.requestsPerSecond / runs.alone[round]!.requestsPerSecond));
  const p99 = (runs: LoadResult[]) => fixed(median(runs.map((run) => run.p99Ms)), 2);
  const errors = (runs: LoadResult[]) => String(runs.reduce((n, run) => n + run.errors, 0));
  const guard = table(
    ["/protected", "req/s", "p99 ms", "errors", "ratio to no logins"],
    [
      ["no logins", fixed(rps(plain.alone)), p99(plain.alone), errors(plain.alone), "1.00×"],
      [`logins offered at ${rate}/s`, fixed(rps(plain.loaded)), p99(plain.loaded), errors(plain.loaded), `${fixed(ratio(plain), 2)}×`],
      ["no logins (second server: default limits, trusts the bench's X-Forwarded-For)", fixed(rps(attacked.alone)), p99(attacked.alone), errors(attacked.alone), "1.00×"],
      [`logins offered at ${rate}/s, under attack from ${ATTACKERS} /64s`, fixed(rps(attacked.loaded)), p99(attacked.loaded), errors(attacked.loaded), `${fixed(ratio(attacked), 2)}×`],
    ],
  );
  const loginRow = (label: string, runs: StarvationRuns) => {
    const sum = (pick: (outcome: LoginOutcome) => number) => runs.logins.reduce((total, outcome) => total + pick(outcome), 0);
    const latencies = runs.logins.flatMap((outcome) => outcome.latenciesMs);
    const others = new Map<string, number>();
    for (const [kind, count] of runs.logins.flatMap((outcome) => Object.entries(outcome.other))) others.set(kind, (others.get(kind) ?? 0) + count);
    const other = [...others].map(([kind, count]) => `${count} × ${kind}`).join(", ") || "0";
    const offered = sum((o) => o.offered);
    const ok = sum((o) => o.ok);
    return [label, offered, ok, `${fixed((100 * ok) / offered)}%`, sum((o) => o.overloaded), other, fixed(ok / (context.rounds * context.seconds), 1), fixed(percentile(latencies, 0.5)), fixed(percentile(latencies, 0.99))];
  };
  const login = table(
    ["logins", "offered", "200", "success", "503 overloaded", "other", "sustained /s", "latency p50 ms", "latency p99 ms"],
    [
      loginRow(`${rate}/s for ${context.rounds} × ${context.seconds} s`, plain),
      loginRow(`${rate}/s for ${context.rounds} × ${context.seconds} s, under attack`, attacked),
    ],
  );
  const attackSent = attacked.attacks.reduce((total, count) => total + count, 0);
  return `${guard}\n\n${login}\n\nLogins rotate over ${ACCOUNTS} accounts. "sustained" is the logins answered 200 per second of offering; latency is of the 200s, from send to answer. The server uses its own defaults for password hashing. The attack: ${ATTACKERS} attackers, one in each of ${ATTACKERS} /64s of 2001:db8:7::/48, sent ${attackSent} failing logins for unknown names in all (${fixed(attackSent / (context.rounds * context.seconds))}/s), without pause but a 5 ms rest after a refusal; under attack each legitimate login names a /24 of its own.`;
}

/** One server's rounds: /protected alone, then with logins offered (and, if asked, the attack), interleaved. */
async function measureOn(context: BenchContext, rate: number, env: Record<string, string>, underAttack: boolean): Promise<StarvationRuns> {
  const server = await startServer({ kind: "jot", cpu: context.serverCpu, env });
  try {
    for (let index = 0; index < ACCOUNTS; index++) {
      const register = await postJson(`${server.url}/auth/register`, credentials(index));
      if (register.status !== 201) throw new Error(`register answered ${register.status}`);
    }
    const load = (seconds: number) =>
      runLoad({ url: `${server.url}/protected`, tokensFile: context.tokens.few, seconds, connections: context.connections, cpu: context.loadCpu });
    await load(2);
    const runs: StarvationRuns = { alone: [], loaded: [], logins: [], attacks: [] };
    for (let round = 0; round < context.rounds; round++) {
      runs.alone.push(await load(context.seconds));
      const [result, outcome, attacks] = await Promise.all([
        load(context.seconds),
        offerLogins(server.url, rate, context.seconds, underAttack ? userAddress : undefined),
        underAttack ? attackLogins(server.url, context.seconds) : Promise.resolve(0),
      ]);
      runs.loaded.push(result);
      runs.logins.push(outcome);
      runs.attacks.push(attacks);
      console.log(`  login starvation${underAttack ? " under attack" : ""}, round ${round + 1}: ${fixed(runs.alone.at(-1)!.requestsPerSecond)} → ${fixed(result.requestsPerSecond)} req/s, ${outcome.ok}/${outcome.offered} logins${underAttack ? `, ${attacks} attack logins` : ""}`);
    }
    return runs;
  } finally {
    await server.stop();
  }
}
