import { countRedisKeys, createPostgresDatabase, deleteRedisKeys, describeWith, pingPostgres, probeService, REDIS_TEST_URL, type ServerProcess, spawnServer, type TestDatabase } from "@jot/testing";
import { afterAll, beforeAll, expect, test } from "bun:test";
import {
  call,
  claimsOf,
  greeted,
  login,
  newRedisPrefix,
  PASSWORD,
  pingRedis,
  pollUntil,
  register,
  REVOKED,
  type TokenPair,
} from "../test/e2e-helpers.ts";
import { outcome } from "../test/test-app.ts";

// Two real server processes, A and B, on their own loopback ports, sharing one throwaway Postgres
// database (and, in one setup, the shared Redis under a key prefix of their own): what a load
// balancer in front of two instances would see. Revocations reach the other instance by Redis
// pub/sub or by Postgres LISTEN/NOTIFY, so a refusal there is polled for (bounded) rather than
// expected on the very next request.

/** One key for both instances (32+ bytes), so each verifies what the other signs. */
const SECRET = "e2e-multi-instance-secret-of-32+bytes";
const LOGIN_MAX_FAILURES = 3;
/** The bound on how long a revocation may take to reach the other instance; generous for a noisy machine. */
const PROPAGATION_BOUND_MS = 2000;
/** What the contract means by "at once" between instances; recorded and printed, never asserted. */
const PROPAGATION_TARGET_MS = 100;
const POLL_INTERVAL_MS = 5;

const postgres = await probeService("Postgres", pingPostgres);
const redis = await probeService("Redis", () => pingRedis(REDIS_TEST_URL));

/** The two ways instances share revocations. */
const SETUPS = [
  { name: "one Postgres database and one Redis", redis: true, services: [postgres, redis] },
  { name: "one Postgres database alone (LISTEN/NOTIFY)", redis: false, services: [postgres] },
] as const;

/** Polls `server`'s `/protected` with `token` until it is refused (anything but 200), within the bound. */
async function untilRefused(server: ServerProcess, token: string) {
  return pollUntil(
    () => call(server, "/protected", { token }).then(outcome),
    (answer) => answer.status !== 200,
    { timeoutMs: PROPAGATION_BOUND_MS, intervalMs: POLL_INTERVAL_MS },
  );
}

const refresh = (server: ServerProcess, token: string) => call(server, "/auth/refresh", { method: "POST", token });

for (const setup of SETUPS) {
  const prefix = newRedisPrefix();
  const started: ServerProcess[] = [];
  let database: TestDatabase | undefined;
  /** Logout on B → first refusal on A, in ms, for the report printed after all tests. */
  const propagationDelays: number[] = [];

  afterAll(async () => {
    await Promise.allSettled(started.map((server) => server.stop()));
    await database?.drop().catch((error: unknown) => console.warn(`could not drop the test database: ${String(error)}`));
    if (setup.redis && redis.missing === undefined) await deleteRedisKeys(REDIS_TEST_URL, prefix).catch((error: unknown) => console.warn(`could not delete the ${prefix} keys: ${String(error)}`));
    if (propagationDelays.length > 0) {
      const within = propagationDelays.filter((ms) => ms <= PROPAGATION_TARGET_MS).length;
      console.log(
        `multi-instance (${setup.name}): logout on B → refused on A after [${propagationDelays.map((ms) => ms.toFixed(1)).join(", ")}] ms; ` +
          `${within}/${propagationDelays.length} within ${PROPAGATION_TARGET_MS} ms`,
      );
    }
  });

  describeWith(setup.services, `two server instances sharing ${setup.name}`, () => {
    let a: ServerProcess;
    let b: ServerProcess;

    beforeAll(async () => {
      database = await createPostgresDatabase();
      const env = {
        DATABASE_URL: database.url,
        ...(setup.redis ? { REDIS_URL: REDIS_TEST_URL, REDIS_KEY_PREFIX: prefix } : {}),
        JWT_SECRET_KEY: SECRET,
        JWT_REFRESH_REUSE_GRACE: "0",
        LOGIN_MAX_FAILURES: String(LOGIN_MAX_FAILURES),
      };
      // Started at once, as a deployment would: both migrate the same empty database.
      const spawned = await Promise.allSettled([spawnServer(env), spawnServer(env)]);
      for (const result of spawned) if (result.status === "fulfilled") started.push(result.value);
      const failed = spawned.find((result) => result.status === "rejected");
      if (failed) throw failed.reason;
      [a, b] = started as [ServerProcess, ServerProcess];
    }, 30_000);

    test("/health on both instances reports every store as ok", async () => {
      const stores = setup.redis ? { database: "ok", redis: "ok" } : { database: "ok" };
      const healthy = { status: 200, body: { status: "ok", stores }, challenge: null };
      expect([await outcome(await call(a, "/health")), await outcome(await call(b, "/health"))]).toEqual([healthy, healthy]);
    });

    test("a user registered and logged in on A is let into /protected and /auth/me on B", async () => {
      const username = await register(a);
      const pair = await login(a, username);

      expect(await outcome(await call(b, "/protected", { token: pair.access_token }))).toEqual(greeted(username));
      expect(await outcome(await call(b, "/auth/me", { token: pair.access_token }))).toEqual({
        status: 200,
        body: { user: { id: claimsOf(pair.access_token).sub, username, roles: ["user"] }, claims: claimsOf(pair.access_token) },
        challenge: null,
      });
    }, 20_000);

    test("an access token logged out on B is refused on A with token_revoked within the propagation bound, and so is its refresh token", async () => {
      const username = await register(a);
      const samples: Array<{ before: unknown; logout: unknown; onB: unknown; onA: unknown; refusedInTime: boolean; refreshOnA: unknown }> = [];
      // A few logins, so one run measures the propagation more than once.
      for (let sample = 0; sample < 5; sample++) {
        const pair = await login(a, username);
        const before = await outcome(await call(a, "/protected", { token: pair.access_token }));
        const logout = await outcome(await call(b, "/auth/logout", { method: "DELETE", token: pair.access_token }));
        const polled = await untilRefused(a, pair.access_token);
        if (polled.held) propagationDelays.push(polled.elapsedMs);
        samples.push({
          before,
          logout,
          onB: await outcome(await call(b, "/protected", { token: pair.access_token })),
          onA: polled.answer,
          refusedInTime: polled.held,
          refreshOnA: await outcome(await refresh(a, pair.refresh_token)),
        });
      }

      const expected = {
        before: greeted(username),
        logout: { status: 200, body: { msg: "Access token revoked" }, challenge: null },
        onB: REVOKED,
        onA: REVOKED,
        refusedInTime: true,
        refreshOnA: REVOKED,
      };
      expect(samples).toEqual(Array.from({ length: 5 }, () => expected));
      // The revocations were written under REDIS_KEY_PREFIX, so cleaning up that prefix removes them.
      if (setup.redis) expect(await countRedisKeys(REDIS_TEST_URL, prefix)).toBeGreaterThan(0);
    }, 30_000);

    test("a rotated-out refresh token presented on B after a refresh on A is reuse: token_revoked, and the whole login is refused on both instances", async () => {
      const username = await register(a);
      const first = await login(a, username);
      const elsewhere = await login(a, username);

      const refreshed = await refresh(a, first.refresh_token);
      const second = (await refreshed.clone().json()) as TokenPair;
      expect(refreshed.status).toBe(200);
      expect(await outcome(await call(b, "/protected", { token: second.access_token }))).toEqual(greeted(username));

      // JWT_REFRESH_REUSE_GRACE=0: any second presentation is reuse.
      expect(await outcome(await refresh(b, first.refresh_token))).toEqual(REVOKED);

      const polled = await untilRefused(a, second.access_token);
      const family = async (server: ServerProcess) => ({
        firstAccess: await outcome(await call(server, "/protected", { token: first.access_token })),
        secondAccess: await outcome(await call(server, "/protected", { token: second.access_token })),
        firstRefresh: await outcome(await refresh(server, first.refresh_token)),
        secondRefresh: await outcome(await refresh(server, second.refresh_token)),
      });
      const refusedFamily = { firstAccess: REVOKED, secondAccess: REVOKED, firstRefresh: REVOKED, secondRefresh: REVOKED };
      expect({ refusedOnAInTime: polled.held, a: await family(a), b: await family(b) }).toEqual({
        refusedOnAInTime: true,
        a: refusedFamily,
        b: refusedFamily,
      });

      // The user's other login is another family and lives on, on both.
      expect([
        await outcome(await call(a, "/protected", { token: elsewhere.access_token })),
        await outcome(await call(b, "/protected", { token: elsewhere.access_token })),
      ]).toEqual([greeted(username), greeted(username)]);
      expect((await refresh(b, elsewhere.refresh_token)).status).toBe(200);
    }, 20_000);

    test("logging out everywhere on A makes B refuse every earlier token of that user, while a later login works on both", async () => {
      const username = await register(a);
      const laptop = await login(a, username);
      const phone = await login(b, username);
      expect(await outcome(await call(b, "/protected", { token: phone.access_token }))).toEqual(greeted(username));

      expect(await outcome(await call(a, "/auth/sessions", { method: "DELETE", token: laptop.access_token }))).toEqual({
        status: 200,
        body: { msg: "All sessions revoked" },
        challenge: null,
      });

      const polled = await untilRefused(b, phone.access_token);
      const everything = async (server: ServerProcess) => ({
        laptopAccess: await outcome(await call(server, "/protected", { token: laptop.access_token })),
        phoneAccess: await outcome(await call(server, "/protected", { token: phone.access_token })),
        laptopRefresh: await outcome(await refresh(server, laptop.refresh_token)),
        phoneRefresh: await outcome(await refresh(server, phone.refresh_token)),
      });
      const allRefused = { laptopAccess: REVOKED, phoneAccess: REVOKED, laptopRefresh: REVOKED, phoneRefresh: REVOKED };
      expect({ refusedOnBInTime: polled.held, b: await everything(b), a: await everything(a) }).toEqual({
        refusedOnBInTime: true,
        b: allRefused,
        a: allRefused,
      });

      const again = await login(b, username);
      expect([
        await outcome(await call(a, "/protected", { token: again.access_token })),
        await outcome(await call(b, "/protected", { token: again.access_token })),
      ]).toEqual([greeted(username), greeted(username)]);
    }, 20_000);

    test("two instances rotating different sessions of one user at the same time answer every refresh with a new pair, and every token they hand out is let in on both", async () => {
      const username = await register(a);
      // Two sessions begun on each instance (one login after another: concurrent logins of one
      // account count against its throttle), then each rotated several times, all at once.
      const sessions: TokenPair[] = [];
      for (const server of [a, b, a, b]) sessions.push(await login(server, username));
      const ROTATIONS = 5;
      // Each session is rotated on A and B in turn, the sessions starting on different instances.
      const rotate = async (startOn: number, first: TokenPair) => {
        const statuses: number[] = [];
        let pair = first;
        for (let i = 0; i < ROTATIONS; i++) {
          const response = await refresh([a, b][(startOn + i) % 2]!, pair.refresh_token);
          statuses.push(response.status);
          if (response.status !== 200) return { statuses, body: await response.json(), pair };
          pair = (await response.json()) as TokenPair;
        }
        return { statuses, body: null, pair };
      };
      const rotated = await Promise.all(sessions.map((pair, index) => rotate(index, pair)));
      const lastPairs = rotated.map(({ pair }) => pair);
      const onBoth = async (pair: TokenPair) => [
        (await call(a, "/protected", { token: pair.access_token })).status,
        (await call(b, "/protected", { token: pair.access_token })).status,
      ];
      const distinctSessions = new Set(lastPairs.map((pair) => claimsOf(pair.refresh_token).sid)).size;
      expect({
        rotated: rotated.map(({ statuses, body }) => ({ statuses, body })),
        letIn: await Promise.all(lastPairs.map(onBoth)),
        distinctSessions,
      }).toEqual({
        rotated: Array.from({ length: 4 }, () => ({ statuses: Array.from({ length: ROTATIONS }, () => 200), body: null })),
        letIn: Array.from({ length: 4 }, () => [200, 200]),
        distinctSessions: 4,
      });
    }, 30_000);

    test(`failed logins are counted across instances: after ${LOGIN_MAX_FAILURES - 1} failures on A and 1 on B, the right password is refused 429 rate_limited with Retry-After on both`, async () => {
      const username = await register(a);
      const wrong = { username, password: "not the password at all" };
      const badCredentials = { status: 401, body: { error: "bad_credentials", msg: "Bad username or password" }, challenge: null };
      const failures = [];
      for (const server of [a, a, b]) failures.push(await outcome(await call(server, "/auth/login", { method: "POST", json: wrong })));
      expect(failures).toEqual([badCredentials, badCredentials, badCredentials]);

      const throttled = async (server: ServerProcess) => {
        const response = await call(server, "/auth/login", { method: "POST", json: { username, password: PASSWORD } });
        return { ...(await outcome(response)), retryAfter: response.headers.get("retry-after") };
      };
      const [onB, onA] = [await throttled(b), await throttled(a)];
      const retryAfterOf = (answer: { retryAfter: string | null }) => Number(answer.retryAfter);
      const expectedFor = (answer: { retryAfter: string | null }) => ({
        status: 429,
        body: { error: "rate_limited", msg: `Too many attempts; try again in ${answer.retryAfter} seconds` },
        challenge: null,
        retryAfter: expect.stringMatching(/^[1-9]\d*$/),
      });
      expect({ onB, onA }).toEqual({ onB: expectedFor(onB), onA: expectedFor(onA) });
      // Within the default 15-minute window.
      expect([onB, onA].every((answer) => retryAfterOf(answer) >= 1 && retryAfterOf(answer) <= 900)).toBe(true);
    }, 20_000);
  });
}
