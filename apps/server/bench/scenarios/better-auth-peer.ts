import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describeOther, offerAtRate, type Offered } from "../better-auth/background.ts";
import { checkWrittenUsersBehaveAlike } from "../better-auth/equivalence.ts";
import { JOT_PASSWORD, JOT_UNLIMITED, jotRefreshTokens, postJson, registerJotAccounts } from "../better-auth/jot-accounts.ts";
import { BETTER_AUTH_PASSWORD, makeBetterAuthUsers, type BetterAuthUsers } from "../better-auth/users.ts";
import { checkCredential } from "../check-credentials.ts";
import type { BenchContext } from "../context.ts";
import { interleavedRounds, measuredLoad, type Measured } from "../interleave.ts";
import { runLoad } from "../load.ts";
import { startServer, type BenchServer } from "../servers.ts";
import { fixed, median, table } from "../stats.ts";

/** The goals: jot's /protected against better-auth's session check and its JWT route, req/s within a round. */
const GOALS = { session: 20, jwt: 5 };
const POST_BODIES = join(import.meta.dir, "..", "better-auth", "post-bodies.lua");
const REFRESH_CHAINS = join(import.meta.dir, "..", "better-auth", "refresh-chains.lua");
/** Login rows: at most 1 hash running and 3 waiting at jot's defaults, so none is answered 503. */
const LOGIN_CONNECTIONS = Number(process.env.BENCH_LOGIN_CONNECTIONS ?? 4);
/** Renewal rows: requests in flight, and the sessions jot's refresh chains start from (twice as many). */
const RENEWAL_CONNECTIONS = 16;
/** jot accounts the login rows rotate over. */
const LOGIN_ACCOUNTS = 50;

interface Row {
  label: string;
  runs: Measured[];
}

/** One table of rows: 2xx/s, p99 (wrk's latency distribution), errors, server CPU per request, and jot's ratio to the row. */
function loadTable(rows: Row[], jot: Measured[]): string {
  return table(
    ["server", "2xx/s", "p99 ms", "errors", "server CPU µs/request", "jot ÷ this (2xx/s, median of rounds)", "2xx/s per round"],
    rows.map(({ label, runs }) => [
      label,
      fixed(median(runs.map((run) => run.okPerSecond))),
      fixed(median(runs.map((run) => run.p99Ms)), 2),
      String(runs.reduce((sum, run) => sum + run.errors, 0)),
      fixed(median(runs.map((run) => run.cpuMicros)), 1),
      `${fixed(ratioOf(jot, runs), 2)}×`,
      runs.map((run) => fixed(run.okPerSecond)).join(" / "),
    ]),
  );
}

/** jot's 2xx/s over the row's, round by round, then the median. */
const ratioOf = (jot: Measured[], runs: Measured[]) => median(runs.map((run, round) => jot[round]!.okPerSecond / Math.max(run.okPerSecond, Number.MIN_VALUE)));
/** The row's server CPU per request over jot's, round by round, then the median: less moved by a shared machine than 2xx/s. */
const cpuRatioOf = (jot: Measured[], runs: Measured[]) => median(runs.map((run, round) => run.cpuMicros / jot[round]!.cpuMicros));

/**
 * better-auth as a peer: its session check and its JWT verified by a resource server, against
 * jot's /protected, with 1,000 and 100,000 users' credentials; logins; renewal; /protected while
 * sign-ups and sign-ins run beside it. Checks every server refuses a tampered credential and takes
 * a minted one, and that users written straight into better-auth's tables behave as signed-up
 * ones, before timing anything. Evaluates and prints the goals.
 */
export async function betterAuthPeer(runContext: BenchContext): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), "jot-bench-better-auth-"));
  const context = await withUserCounts(runContext, dataDir);
  const users = await makeBetterAuthUsers({
    dataDir,
    secret: context.secret,
    fewCount: context.tokens.fewCount,
    manyCount: context.tokens.manyCount,
    signUps: Number(process.env.BENCH_BETTER_AUTH_SIGNUPS ?? context.tokens.fewCount),
  });
  const minting = mintingNote(users, context.tokens.manyCount);
  console.log(`  ${minting}`);
  const servers: BenchServer[] = [];
  try {
    const jot = await startServer({ kind: "jot", cpu: context.serverCpu, env: { JWT_SECRET_KEY: context.secret, ...JOT_UNLIMITED } });
    servers.push(jot);
    const peer = await startServer({ kind: "better-auth", cpu: context.serverCpu, dataDir: users.dataDir, env: { BETTER_AUTH_SECRET: context.secret } });
    servers.push(peer);
    // The same database, its jwt plugin told not to sign a JWT into every get-session's headers.
    const lean = await startServer({ kind: "better-auth", cpu: context.serverCpu, dataDir: users.dataDir, env: { BETTER_AUTH_SECRET: context.secret, BETTER_AUTH_SET_JWT_HEADER: "off" } });
    servers.push(lean);
    const firstLine = async (file: string) => (await Bun.file(file).text()).split("\n")[0]!;
    await checkCredential("jot", `${jot.url}/protected`, await firstLine(context.tokens.few));
    await checkWrittenUsersBehaveAlike(peer.url, users);
    await checkCredential("better-auth, set-auth-jwt off", `${lean.url}/protected`, users.samples.signedUp.session);
    console.log("  checks passed: each refuses a tampered credential and accepts a minted one; written better-auth users behave as signed-up ones");

    const sections = [
      await protectedRows(context, jot, peer, lean, users),
      await loginRows(context, jot, peer, users),
      await renewalRows(context, jot, peer, users),
      await backgroundRows(context, jot, peer, users),
    ];
    return `${sections.map((section) => section.body).join("\n\n")}\n\n#### Goals\n\n${sections.flatMap((section) => section.goals).join("\n")}\n\n${await method(context, minting)}`;
  } finally {
    for (const server of servers) await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The run's token sets, or fewer users for a quick check of the scenario end to end:
 * BENCH_BETTER_AUTH_USERS="few,many" (default the run's 1,000 and 100,000) takes jot's first tokens.
 */
async function withUserCounts(context: BenchContext, dataDir: string): Promise<BenchContext> {
  const [few, many] = (process.env.BENCH_BETTER_AUTH_USERS ?? "").split(",").map(Number);
  if (!few || !many) return context;
  const firstLines = async (from: string, count: number, to: string) => {
    await Bun.write(to, `${(await Bun.file(from).text()).split("\n").slice(0, count).join("\n")}\n`);
    return to;
  };
  const tokens = {
    few: await firstLines(context.tokens.few, few, join(dataDir, "jot-few.txt")),
    many: await firstLines(context.tokens.many, many, join(dataDir, "jot-many.txt")),
    fewCount: Math.min(few, context.tokens.fewCount),
    manyCount: Math.min(many, context.tokens.manyCount),
  };
  return { ...context, tokens };
}

function mintingNote(users: BetterAuthUsers, manyCount: number): string {
  const each = users.signUpSeconds / users.signedUp;
  return (
    `better-auth users: ${users.signedUp.toLocaleString("en")} signed up through auth.api.signUpEmail in ${fixed(users.signUpSeconds, 1)} s ` +
    `(${fixed(each * 1000)} ms each, 4 at once; ${manyCount.toLocaleString("en")} this way would take ~${fixed((each * manyCount) / 60)} min), ` +
    `${users.inserted.toLocaleString("en")} written into its tables in ${fixed(users.insertSeconds, 1)} s, ` +
    `${(users.signedUp + users.inserted).toLocaleString("en")} JWTs from auth.api.getToken in ${fixed(users.jwtSeconds, 1)} s.`
  );
}

type Section = { body: string; goals: string[] };

/** /protected with each set round robin: jot's token, better-auth's session, better-auth's JWT. */
async function protectedRows(context: BenchContext, jot: BenchServer, peer: BenchServer, lean: BenchServer, users: BetterAuthUsers): Promise<Section> {
  const sets = [
    { name: `${context.tokens.fewCount.toLocaleString("en")} users`, jot: context.tokens.few, session: users.sessions.few, jwt: users.jwts.few },
    { name: `${context.tokens.manyCount.toLocaleString("en")} users`, jot: context.tokens.many, session: users.sessions.many, jwt: users.jwts.many },
  ];
  const bodies: string[] = [];
  const goals: string[] = [];
  for (const set of sets) {
    const target = (label: string, server: BenchServer, path: string, tokensFile: string) => ({
      label: `${set.name}, ${label}`,
      run: (seconds: number) =>
        measuredLoad(server, seconds, (s) => runLoad({ url: `${server.url}${path}`, tokensFile, seconds: s, connections: context.connections, cpu: context.loadCpu })),
    });
    const targets = [
      target("jot, SQLite: GET /protected", jot, "/protected", set.jot),
      target("better-auth: GET /protected, auth.api.getSession (bearer plugin)", peer, "/protected", set.session),
      target("better-auth: GET /protected-jwt, its JWT verified by jose (local JWKS)", peer, "/protected-jwt", set.jwt),
      target("better-auth, disableSettingJwtHeader: GET /protected, auth.api.getSession", lean, "/protected", set.session),
    ];
    const runs = await interleavedRounds(targets, context.rounds, context.seconds, describe);
    const [jotRuns, sessionRuns, jwtRuns, leanRuns] = runs as [Measured[], Measured[], Measured[], Measured[]];
    bodies.push(`#### ${set.name}' credentials, round robin\n\n${loadTable(targets.map((t, i) => ({ label: t.label.slice(set.name.length + 2), runs: runs[i]! })), jotRuns)}`);
    goals.push(goalLine(`jot ≥ ${GOALS.session}× better-auth's session check, ${set.name}`, jotRuns, sessionRuns, GOALS.session));
    goals.push(goalLine(`jot ≥ ${GOALS.jwt}× better-auth's JWT route, ${set.name}`, jotRuns, jwtRuns, GOALS.jwt));
    goals.push(`- (not a goal) jot ÷ the session check with disableSettingJwtHeader, ${set.name}: ${fixed(ratioOf(jotRuns, leanRuns), 2)}× (server CPU per request ${fixed(cpuRatioOf(jotRuns, leanRuns), 1)}×)`);
  }
  return { body: bodies.join("\n\n"), goals };
}

const describe = (run: Measured) => `${fixed(run.okPerSecond)} 2xx/s, p99 ${fixed(run.p99Ms, 2)} ms, ${run.errors} errors, ${fixed(run.cpuMicros, 1)} µs CPU/request`;
/** A goal on 2xx/s within rounds, met or not; the CPU ratio beside it says how much the load side may have held jot back. */
function goalLine(goal: string, jot: Measured[], runs: Measured[], at: number): string {
  const ratio = ratioOf(jot, runs);
  return `- ${goal}: ${fixed(ratio, 2)}× — ${ratio >= at ? "met" : "NOT met"} (server CPU per request ${fixed(cpuRatioOf(jot, runs), 1)}×)`;
}

/** Logins: jot's POST /auth/login against better-auth's POST /api/auth/sign-in/email, LOGIN_CONNECTIONS at once. */
async function loginRows(context: BenchContext, jot: BenchServer, peer: BenchServer, users: BetterAuthUsers): Promise<Section> {
  const accounts = await registerJotAccounts(jot.url, `login-${crypto.randomUUID().slice(0, 8)}-`, LOGIN_ACCOUNTS);
  const jotBodies = join(users.dataDir, "jot-logins.txt");
  await Bun.write(jotBodies, `${accounts.map((account) => JSON.stringify(account)).join("\n")}\n`);
  const target = (label: string, server: BenchServer, path: string, bodies: string) => ({
    label,
    run: (seconds: number) =>
      measuredLoad(server, seconds, (s) => runLoad({ url: `${server.url}${path}`, tokensFile: bodies, script: POST_BODIES, seconds: s, connections: LOGIN_CONNECTIONS, cpu: context.loadCpu })),
  });
  const targets = [
    target("jot, SQLite: POST /auth/login (argon2id, its defaults)", jot, "/auth/login", jotBodies),
    target("better-auth: POST /api/auth/sign-in/email (scrypt, its defaults)", peer, "/api/auth/sign-in/email", users.logins),
  ];
  const runs = await interleavedRounds(targets, context.rounds, context.seconds, describe);
  return {
    body: `#### Logins, ${LOGIN_CONNECTIONS} at once\n\n${loadTable(targets.map((t, i) => ({ label: t.label, runs: runs[i]! })), runs[0]!)}\n\njot's logins rotate over ${LOGIN_ACCOUNTS} accounts, better-auth's over its ${users.signedUp.toLocaleString("en")} signed-up users; every login makes a session in both.`,
    goals: [],
  };
}

/**
 * Renewal: jot's POST /auth/refresh (rotation: the presented refresh token is spent, a new pair
 * answered) against better-auth's GET /api/auth/token (a new JWT for a live session), its way to
 * renew the short-lived credential; its sessions themselves slide (`updateAge`) rather than rotate.
 */
async function renewalRows(context: BenchContext, jot: BenchServer, peer: BenchServer, users: BetterAuthUsers): Promise<Section> {
  const [account] = await registerJotAccounts(jot.url, `renew-${crypto.randomUUID().slice(0, 8)}-`, 1);
  const chains = join(users.dataDir, "jot-refresh.txt");
  const targets = [
    {
      label: "jot, SQLite: POST /auth/refresh (rotation)",
      run: async (seconds: number) => {
        // A spent refresh token presented again revokes its family: each run starts fresh chains.
        await Bun.write(chains, `${(await jotRefreshTokens(jot.url, account!, 2 * RENEWAL_CONNECTIONS)).join("\n")}\n`);
        return measuredLoad(jot, seconds, (s) => runLoad({ url: `${jot.url}/auth/refresh`, tokensFile: chains, script: REFRESH_CHAINS, seconds: s, connections: RENEWAL_CONNECTIONS, cpu: context.loadCpu }));
      },
    },
    {
      label: "better-auth: GET /api/auth/token (a new JWT for the session)",
      run: (seconds: number) =>
        measuredLoad(peer, seconds, (s) => runLoad({ url: `${peer.url}/api/auth/token`, tokensFile: users.sessions.few, seconds: s, connections: RENEWAL_CONNECTIONS, cpu: context.loadCpu })),
    },
  ];
  const runs = await interleavedRounds(targets, context.rounds, context.seconds, describe);
  return {
    body: `#### Renewal, ${RENEWAL_CONNECTIONS} at once\n\n${loadTable(targets.map((t, i) => ({ label: t.label, runs: runs[i]! })), runs[0]!)}\n\njot: ${2 * RENEWAL_CONNECTIONS} sessions of one user, each refresh presenting the token its last one answered (bench/better-auth/refresh-chains.lua), fresh sessions each run. better-auth: its ${context.tokens.fewCount.toLocaleString("en")} signed-up users' sessions round robin.`,
    goals: [],
  };
}

/** /protected (1,000 users) alone and while sign-ups and sign-ins are offered at BENCH_LOGIN_RATE per second. */
async function backgroundRows(context: BenchContext, jot: BenchServer, peer: BenchServer, users: BetterAuthUsers): Promise<Section> {
  const rate = Number(process.env.BENCH_LOGIN_RATE ?? 20);
  const jotAccounts = await registerJotAccounts(jot.url, `bg-${crypto.randomUUID().slice(0, 8)}-`, LOGIN_ACCOUNTS);
  const runTag = crypto.randomUUID().slice(0, 8);
  let signUps = 0;
  // Even requests sign a new user up, odd ones sign an existing one in.
  const jotBackground = (index: number) =>
    index % 2 === 0
      ? postJson(`${jot.url}/auth/register`, { username: `bg-${runTag}-new${signUps++}`, password: JOT_PASSWORD })
      : postJson(`${jot.url}/auth/login`, jotAccounts[index % LOGIN_ACCOUNTS]);
  const peerBackground = (index: number) =>
    index % 2 === 0
      ? postJson(`${peer.url}/api/auth/sign-up/email`, { email: `bg-${runTag}-new${signUps++}@bench.test`, password: BETTER_AUTH_PASSWORD, name: "background" })
      : postJson(`${peer.url}/api/auth/sign-in/email`, { email: `user${index % users.signedUp}@bench.test`, password: BETTER_AUTH_PASSWORD });
  const background: Offered[][] = [[], []];
  const target = (label: string, index: number, server: BenchServer, path: string, tokensFile: string, offer?: (index: number) => Promise<Response>) => ({
    label,
    run: async (seconds: number) => {
      const load = measuredLoad(server, seconds, (s) => runLoad({ url: `${server.url}${path}`, tokensFile, seconds: s, connections: context.connections, cpu: context.loadCpu }));
      if (!offer) return load;
      const [measured, offered] = await Promise.all([load, offerAtRate(rate, seconds, offer)]);
      if (seconds === context.seconds) background[index]!.push(offered);
      return measured;
    },
  });
  const targets = [
    target("jot, SQLite: GET /protected, alone", 0, jot, "/protected", context.tokens.few),
    target(`jot, SQLite: GET /protected, registrations and logins at ${rate}/s`, 0, jot, "/protected", context.tokens.few, jotBackground),
    target("better-auth: GET /protected (session), alone", 1, peer, "/protected", users.sessions.few),
    target(`better-auth: GET /protected (session), sign-ups and sign-ins at ${rate}/s`, 1, peer, "/protected", users.sessions.few, peerBackground),
  ];
  const runs = await interleavedRounds(targets, context.rounds, context.seconds, describe);
  const sum = (outcomes: Offered[], pick: (outcome: Offered) => number) => outcomes.reduce((total, outcome) => total + pick(outcome), 0);
  const backgroundTable = table(
    ["background", "offered", "2xx", "503 overloaded", "other"],
    [
      ["jot: registrations and logins", ...[sum(background[0]!, (o) => o.offered), sum(background[0]!, (o) => o.ok), sum(background[0]!, (o) => o.overloaded)], describeOther(background[0]!)],
      ["better-auth: sign-ups and sign-ins", ...[sum(background[1]!, (o) => o.offered), sum(background[1]!, (o) => o.ok), sum(background[1]!, (o) => o.overloaded)], describeOther(background[1]!)],
    ],
  );
  return {
    body: `#### /protected while sign-ups and sign-ins run, ${context.tokens.fewCount.toLocaleString("en")} users\n\n${loadTable(targets.map((t, i) => ({ label: t.label, runs: runs[i]! })), runs[1]!)}\n\n${backgroundTable}\n\nHalf the background requests sign a new user up, half sign an existing one in, offered open loop from the bench's core. "jot ÷ this" is against jot with the background.`,
    goals: [],
  };
}

/** The better-auth version installed (its package exports no package.json). */
async function betterAuthVersion(): Promise<string> {
  const manifest = join(dirname(Bun.resolveSync("better-auth", import.meta.dir)), "..", "package.json");
  return ((await Bun.file(manifest).json()) as { version: string }).version;
}

async function method(context: BenchContext, minting: string): Promise<string> {
  return `better-auth ${await betterAuthVersion()} on the same Elysia, as its documentation sets it up (bench/better-auth/auth.ts, bench/peers/better-auth-server.ts):
email and password, its \`bearer()\` and \`jwt()\` plugins (EdDSA, JWT lifetime 6 h instead of 15 min so none expires in a run), a \`bun:sqlite\` file
migrated by its \`getMigrations\`, its rate limiter off (jot's login and registration limits lifted alike). \`/protected\` calls \`auth.api.getSession({ headers })\`
(the bearer plugin checks the session token's HMAC, then reads the session and its user from SQLite, and the jwt plugin signs a JWT into the
answer's \`set-auth-jwt\` header, as it does on every get-session by default; the row "disableSettingJwtHeader" is the same check with that option set,
a second server on the same database); \`/protected-jwt\` verifies its JWT with jose's
\`jwtVerify\` against \`createLocalJWKSet\` of its JWKS, fetched once at start, as its documentation advises a resource server. jot runs on SQLite with its
defaults save its login, registration and session-count limits, and takes the tokens of the many-tokens rows. A row of 0 2xx/s answered nothing in its run. Servers on core ${context.serverCpu}, wrk and the bench on core ${context.loadCpu}; ${context.rounds} interleaved rounds of
${context.seconds} s after a 2 s warm-up; p99 is wrk's latency distribution; each "jot ÷ this" is taken within a round, then the median.
Before timing, each server refuses a tampered credential (401) and takes a minted one (200), and a user written into better-auth's tables answers
its routes (session, JWT, get-session, token, sign-in) exactly as a signed-up one. ${minting}`;
}
