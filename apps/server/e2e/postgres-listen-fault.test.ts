import { afterAll, beforeAll, expect, test } from "bun:test";
import { SQL } from "bun";
import { call, claimsOf, greeted, login, pollUntil, register, REVOKED, type TokenPair } from "../test/e2e-helpers.ts";
import { createPostgresDatabase, describeWith, pingPostgres, POSTGRES_ADMIN_URL, probeService, type ServerProcess, spawnServer, type TestDatabase } from "@jot/testing";
import { outcome } from "../test/test-app.ts";

// Two real server processes on one Postgres database and no Redis, whose LISTEN connections are cut
// while Postgres refuses new connections. Until an instance has listened again and reloaded, it
// cannot know what it missed, so it must fail closed: 503 store_unavailable, never a 200 for a
// revoked token. A revocation written meanwhile (through a connection opened before the outage)
// is announced to nobody; once Postgres takes connections again both instances must refuse it.

const SECRET = "e2e-postgres-listen-secret-of-32+bytes";
const BOUND_MS = 20_000;
const UNAVAILABLE = { status: 503, body: { error: "store_unavailable", msg: "The database could not be reached" }, challenge: null };

const postgres = await probeService("Postgres", pingPostgres);

let database: TestDatabase | undefined;
let admin: SQL | undefined;
let inside: SQL | undefined;
const started: ServerProcess[] = [];
const databaseName = () => new URL(database!.url).pathname.slice(1);

afterAll(async () => {
  if (admin && database) await admin.unsafe(`alter database ${databaseName()} allow_connections true`).catch(() => undefined);
  await Promise.allSettled(started.map((server) => server.stop()));
  await inside?.close();
  await admin?.close();
  await database?.drop();
});

type Outcome = Awaited<ReturnType<typeof outcome>>;
const protectedOn = async (server: ServerProcess, token: string): Promise<Outcome> => outcome(await call(server, "/protected", { token }));

describeWith(postgres, "two servers on Postgres alone whose LISTEN connections are cut while Postgres refuses connections", () => {
  let a: ServerProcess;
  let b: ServerProcess;
  let username: string;
  let good: TokenPair;
  let revoked: TokenPair;
  let missed: TokenPair;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    admin = new SQL(POSTGRES_ADMIN_URL, { max: 1 });
    inside = new SQL(database.url, { max: 1, idleTimeout: 0 });
    const env = { DATABASE_URL: database.url, JWT_SECRET_KEY: SECRET };
    [a, b] = [await spawnServer(env), await spawnServer(env)];
    started.push(a, b);
    username = await register(a);
    [good, revoked, missed] = [await login(a, username), await login(b, username), await login(a, username)];
    const logout = await outcome(await call(b, "/auth/logout", { method: "DELETE", token: revoked.access_token }));
    if (logout.status !== 200) throw new Error(`logout answered ${JSON.stringify(logout)}`);
    await inside`select 1`; // opened now, so it can still write during the outage
  }, 30_000);

  test("both instances fail closed with 503 store_unavailable (never a 200 for the revoked token), /health names the database, and a revocation written meanwhile is refused once they have recovered by themselves", async () => {
    const before = { good: await protectedOn(a, good.access_token), revoked: await protectedOn(a, revoked.access_token) };

    await admin!.unsafe(`alter database ${databaseName()} allow_connections false`);
    await admin!.unsafe(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${databaseName()}' and query ilike 'listen%'`);
    const revokedLetIn: Outcome[] = [];
    const noticed = async (server: ServerProcess) =>
      pollUntil(
        async () => {
          const answer = await protectedOn(server, revoked.access_token);
          if (answer.status === 200) revokedLetIn.push(answer);
          return protectedOn(server, good.access_token);
        },
        (answer) => answer.status === 503,
        { timeoutMs: BOUND_MS, intervalMs: 10 },
      );
    const [noticedOnA, noticedOnB] = [await noticed(a), await noticed(b)];

    // Written and announced while neither instance listens.
    const { jti, exp } = claimsOf(missed.access_token) as { jti: string; exp: number };
    await inside!.begin(async (tx) => {
      await tx`insert into revoked_tokens (jti, expires_at) values (${jti}, ${exp})`;
      await tx.notify("jot_revocations", JSON.stringify({ kind: "token", id: jti, value: String(exp) }));
    });
    const during = {
      good: await protectedOn(a, good.access_token),
      missed: await protectedOn(b, missed.access_token),
      health: await outcome(await call(a, "/health")),
    };

    await admin!.unsafe(`alter database ${databaseName()} allow_connections true`);
    const recovered = async (server: ServerProcess) =>
      (await pollUntil(() => protectedOn(server, good.access_token), (answer) => answer.status !== 503, { timeoutMs: BOUND_MS, intervalMs: 50 })).answer;
    const after = async (server: ServerProcess) => ({
      good: await recovered(server),
      revoked: await protectedOn(server, revoked.access_token),
      missed: await protectedOn(server, missed.access_token),
    });

    expect({ before, noticed: [noticedOnA.held, noticedOnB.held], revokedLetIn, during, a: await after(a), b: await after(b) }).toEqual({
      before: { good: greeted(username), revoked: REVOKED },
      noticed: [true, true],
      revokedLetIn: [],
      during: {
        good: UNAVAILABLE,
        missed: UNAVAILABLE,
        health: {
          status: 503,
          body: { status: "unavailable", error: "store_unavailable", msg: "Unavailable: database", stores: { database: "unavailable" } },
          challenge: null,
        },
      },
      a: { good: greeted(username), revoked: REVOKED, missed: REVOKED },
      b: { good: greeted(username), revoked: REVOKED, missed: REVOKED },
    });
  }, 60_000);

  test("the server processes lived through the outage and stop with exit code 0, with no internal error", async () => {
    const outputs = started.map((server) => server.output());
    expect({
      running: started.map((server) => server.process.exitCode === null),
      exitCodes: await Promise.all(started.map((server) => server.stop())),
      internalErrors: outputs.some((output) => output.includes("internal_error")),
    }).toEqual({ running: [true, true], exitCodes: [0, 0], internalErrors: false });
  }, 20_000);
});
