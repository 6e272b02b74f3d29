import { jotVariants, type BenchContext, type JotVariant } from "../context.ts";
import { startServer } from "../servers.ts";
import { fixed, median, table } from "../stats.ts";

/** Sessions refreshed at once: each chain refreshes its own session again and again. */
const CHAINS = 16;
const PASSWORD = "bench password 1";
/** The login limits would measure throttling, and the session cap would end the chains' sessions. */
const UNLIMITED = { LOGIN_MAX_PER_ADDRESS: "1000000", LOGIN_MAX_PER_ACCOUNT: "1000000", JWT_MAX_SESSIONS: "10000", REGISTER_MAX_PER_ADDRESS: "1000000" };

const postJson = (url: string, body: unknown, token?: string) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

/** Refreshes `CHAINS` sessions of one user, each chain waiting for its answer before the next, for `seconds`. */
async function rotationsPerSecond(url: string, seconds: number): Promise<{ perSecond: number; errors: number }> {
  const username = `refresh-${crypto.randomUUID().slice(0, 8)}`;
  if ((await postJson(`${url}/auth/register`, { username, password: PASSWORD })).status !== 201) throw new Error("register failed");
  const refreshTokens: string[] = [];
  for (let chain = 0; chain < CHAINS; chain++) {
    const login = await postJson(`${url}/auth/login`, { username, password: PASSWORD });
    refreshTokens.push(((await login.json()) as { refresh_token: string }).refresh_token);
  }
  let rotated = 0;
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    refreshTokens.map(async (first) => {
      let token = first;
      while (performance.now() < until) {
        const answer = await postJson(`${url}/auth/refresh`, {}, token);
        if (answer.status !== 200) {
          errors++;
          return;
        }
        token = ((await answer.json()) as { refresh_token: string }).refresh_token;
        rotated++;
      }
    }),
  );
  return { perSecond: rotated / seconds, errors };
}

/** Refresh throughput: rotations per second on SQLite and on Postgres alone, CHAINS sessions at once, rounds interleaved. */
export async function refreshThroughput(context: BenchContext): Promise<string> {
  const jot = jotVariants(context);
  // SQLite by default syncs its log at checkpoints; with SQLITE_SYNCHRONOUS=full every rotation waits for a disk sync.
  const sqliteFull = { label: "jot, SQLite, SQLITE_SYNCHRONOUS=full", env: { SQLITE_SYNCHRONOUS: "full" } };
  const variants: JotVariant[] = [jot.sqlite, sqliteFull, jot.postgres];
  const servers = await Promise.all(
    variants.map((variant) => startServer({ kind: "jot", cpu: context.serverCpu, env: { JWT_SECRET_KEY: context.secret, ...UNLIMITED, ...variant.env } })),
  );
  try {
    const results = variants.map(() => [] as Array<{ perSecond: number; errors: number }>);
    for (let round = 0; round < context.rounds; round++) {
      for (const [index, server] of servers.entries()) {
        const result = await rotationsPerSecond(server.url, context.seconds);
        console.log(`  refresh, round ${round + 1}, ${variants[index]!.label}: ${fixed(result.perSecond)} rotations/s, ${result.errors} errors`);
        results[index]!.push(result);
      }
    }
    return `${table(
      ["server", "rotations/s", "errors", "rotations/s per round"],
      variants.map((variant, index) => [
        variant.label,
        fixed(median(results[index]!.map((result) => result.perSecond))),
        results[index]!.reduce((sum, result) => sum + result.errors, 0),
        results[index]!.map((result) => fixed(result.perSecond)).join(" / "),
      ]),
    )}\n\n${CHAINS} sessions of one user refreshed at once from the bench's core, each chain presenting the token its last refresh answered (one conditional UPDATE per rotation). "jot, SQLite" syncs its write-ahead log at checkpoints (a rotation survives the process dying, a power cut can undo the last moments'); with SQLITE_SYNCHRONOUS=full each rotation is synced before it is answered; on Postgres each rotation's commit waits for its sync (synchronous_commit on) and the throttle counters' do not.`;
  } finally {
    for (const server of servers) await server.stop();
  }
}
