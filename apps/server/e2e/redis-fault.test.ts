import { deleteRedisKeys, describeWith, probeService, redisServerAvailable, type RedisServerProcess, type ServerProcess, spawnServer, startRedisServer } from "@jot/testing";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { call, greeted, login, newRedisPrefix, PASSWORD, pollUntil, register, REVOKED, type TokenPair } from "../test/e2e-helpers.ts";
import { outcome } from "../test/test-app.ts";

// A real server process whose Redis (a private redis-server, so stopping it touches nothing
// else) goes away under traffic and comes back on the same port. While the server cannot be
// sure its copy of the revocations is current it must fail closed: 503 store_unavailable, never
// a 200 for a revoked token; once Redis is back it must answer again, having lost no revocation.
// The private Redis keeps an append-only file, so what it held survives its restart.

const SECRET = "e2e-redis-fault-secret-of-32+bytes!!";
/** Traffic to /protected around the outage comes in rounds of one request per token, sequentially. */
const STOP_AT_ROUND = 10;
/** Rounds sent once the server answers 503, to see that it stays so. */
const ROUNDS_AFTER_NOTICING = 100;
/** Bounds on the traffic loop, whatever happens. */
const TRAFFIC_MAX_ROUNDS = 2000;
const TRAFFIC_TIME_BOUND_MS = 15_000;

const UNAVAILABLE = { status: 503, body: { error: "store_unavailable", msg: "The revocation store could not be reached" }, challenge: null };
const LOGGED_OUT = { status: 200, body: { msg: "Access token revoked" }, challenge: null };

const redisServer = await probeService("the redis-server binary", () => {
  if (!redisServerAvailable()) throw new Error("redis-server is not on the PATH");
});

const folders: string[] = [];
let redis: RedisServerProcess | undefined;
let server: ServerProcess | undefined;
const prefix = newRedisPrefix();

afterAll(async () => {
  await server?.stop().catch(() => undefined);
  if (redis) {
    await deleteRedisKeys(redis.url, prefix).catch(() => undefined); // fails harmlessly when it is down
    await redis.stop();
  }
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

type Outcome = Awaited<ReturnType<typeof outcome>>;
const protectedWith = async (token: string): Promise<Outcome> => outcome(await call(server!, "/protected", { token }));

describeWith(redisServer, "a server whose Redis stops under traffic and comes back on the same port", () => {
  let goodUser: string;
  let good: TokenPair;
  let revoked: TokenPair;

  beforeAll(async () => {
    const folder = mkdtempSync(join(tmpdir(), "jot-e2e-redis-"));
    folders.push(folder);
    redis = await startRedisServer({ appendOnlyDir: folder });
    server = await spawnServer({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix, JWT_SECRET_KEY: SECRET });
    goodUser = await register(server);
    good = await login(server, goodUser);
    revoked = await login(server, await register(server));
    const logout = await outcome(await call(server, "/auth/logout", { method: "DELETE", token: revoked.access_token }));
    if (logout.status !== 200) throw new Error(`logout answered ${JSON.stringify(logout)}`);
  }, 30_000);

  test("before the outage /health is ok, the good token is let in and the logged-out one is refused token_revoked", async () => {
    expect({
      health: await outcome(await call(server!, "/health")),
      good: await protectedWith(good.access_token),
      revoked: await protectedWith(revoked.access_token),
    }).toEqual({
      health: { status: 200, body: { status: "ok", stores: { database: "ok", redis: "ok" } }, challenge: null },
      good: greeted(goodUser),
      revoked: REVOKED,
    });
  });

  test("while Redis stops under traffic the revoked token is never let in and nothing is a 500: answers turn into 503 store_unavailable and stay so", async () => {
    const rounds: Array<{ good: Outcome; revoked: Outcome }> = [];
    let stopping: Promise<void> | undefined;
    let stopped = false;
    let firstUnavailable = -1;
    const deadline = performance.now() + TRAFFIC_TIME_BOUND_MS;
    // Traffic before the stop, through it, and for a while after the server has noticed; bounded in rounds and time.
    while (rounds.length < TRAFFIC_MAX_ROUNDS && performance.now() < deadline) {
      if (rounds.length === STOP_AT_ROUND) stopping = redis!.stop().then(() => void (stopped = true));
      const [goodAnswer, revokedAnswer] = await Promise.all([protectedWith(good.access_token), protectedWith(revoked.access_token)]);
      rounds.push({ good: goodAnswer, revoked: revokedAnswer });
      if (firstUnavailable < 0 && (goodAnswer.status === 503 || revokedAnswer.status === 503)) firstUnavailable = rounds.length - 1;
      if (stopped && firstUnavailable >= 0 && rounds.length - firstUnavailable > ROUNDS_AFTER_NOTICING) break;
    }
    await stopping;

    const goodAllowed = [greeted(goodUser), UNAVAILABLE];
    const revokedAllowed = [REVOKED, UNAVAILABLE];
    const isAllowed = (answer: Outcome, allowed: Outcome[]) => allowed.some((one) => Bun.deepEquals(one, answer));
    const unexpected = rounds.filter(({ good, revoked }) => !isAllowed(good, goodAllowed) || !isAllowed(revoked, revokedAllowed));
    // Requests of one round run together; a round begins only after the one before it has ended.
    const answeredAfterNoticing = firstUnavailable < 0 ? [] : rounds.slice(firstUnavailable + 1);
    const backToAnswering = answeredAfterNoticing.filter(({ good, revoked }) => good.status !== 503 || revoked.status !== 503);
    expect({
      roundsAfterNoticing: answeredAfterNoticing.length >= ROUNDS_AFTER_NOTICING,
      unexpected,
      revokedLetIn: rounds.filter(({ revoked }) => revoked.status === 200).length,
      noticed: firstUnavailable >= 0,
      backToAnswering,
      last: rounds.at(-1),
    }).toEqual({
      roundsAfterNoticing: true,
      unexpected: [],
      revokedLetIn: 0,
      noticed: true,
      backToAnswering: [],
      last: { good: UNAVAILABLE, revoked: UNAVAILABLE },
    });
  }, 30_000);

  test("while Redis is down /health answers 503 naming Redis as unavailable, and a login is 503 store_unavailable", async () => {
    expect({
      health: await outcome(await call(server!, "/health")),
      login: await outcome(await call(server!, "/auth/login", { method: "POST", json: { username: goodUser, password: PASSWORD } })),
    }).toEqual({
      health: {
        status: 503,
        body: { status: "unavailable", error: "store_unavailable", msg: "Unavailable: redis", stores: { database: "ok", redis: "unavailable" } },
        challenge: null,
      },
      login: { status: 503, body: { error: "store_unavailable", msg: "The Redis server could not be reached" }, challenge: null },
    });
  }, 20_000);

  test("once Redis is back on the same port the good token is let in again and the logged-out one is still refused token_revoked", async () => {
    await redis!.restart();
    const recovered = await pollUntil(() => protectedWith(good.access_token), (answer) => answer.status !== 503, { timeoutMs: 20_000, intervalMs: 50 });
    expect({
      recovered: recovered.held,
      good: recovered.answer,
      revoked: await protectedWith(revoked.access_token),
      health: await outcome(await call(server!, "/health")),
    }).toEqual({
      recovered: true,
      good: greeted(goodUser),
      revoked: REVOKED,
      health: { status: 200, body: { status: "ok", stores: { database: "ok", redis: "ok" } }, challenge: null },
    });
  }, 30_000);

  test("after recovery a login works, and a logout revokes the token it was given", async () => {
    const again = await login(server!, goodUser);
    expect({
      before: await protectedWith(again.access_token),
      logout: await outcome(await call(server!, "/auth/logout", { method: "DELETE", token: again.access_token })),
      after: await protectedWith(again.access_token),
      refresh: await outcome(await call(server!, "/auth/refresh", { method: "POST", token: again.refresh_token })),
      untouched: await protectedWith(good.access_token),
    }).toEqual({ before: greeted(goodUser), logout: LOGGED_OUT, after: REVOKED, refresh: REVOKED, untouched: greeted(goodUser) });
  }, 20_000);

  test("the server process lived through the outage and stops with exit code 0", async () => {
    const running = server!.process.exitCode === null;
    const output = server!.output();
    expect({ running, exitCode: await server!.stop(), internalErrors: output.includes("internal_error") }).toEqual({
      running: true,
      exitCode: 0,
      internalErrors: false,
    });
  }, 20_000);
});
