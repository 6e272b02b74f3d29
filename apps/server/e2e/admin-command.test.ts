import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { call, newRedisPrefix, PASSWORD, pingRedis, pollUntil, type TokenPair } from "../test/e2e-helpers.ts";
import { createPostgresDatabase, deleteRedisKeys, describeWith, pingPostgres, probeService, REDIS_TEST_URL, type ServerProcess, type Service, spawnServer } from "@jot/testing";
import { MIGRATIONS } from "@jot/stores";
import { jotCommand, type JotRun } from "../test/run-jot.ts";
import { outcome } from "../test/test-app.ts";

// Every admin command against a real running server, on each engine, and the server seeing the
// effect. SQLite: the server holds the file, so the command goes through the server: its admin
// socket in the data folder (no token), or its admin API with an admin's token (JOT_ADMIN_URL).
// Postgres: the command writes the shared database itself, as another instance would; with Redis,
// its revocations reach the server's mirror by pub/sub.

const SECRET = "e2e-admin-command-secret-of-32+bytes";
/** How long a change may take to reach the server: bounded for a noisy machine, never asserted as a time. */
const REACH = { timeoutMs: 3000, intervalMs: 10 };
/** Each test runs several commands, each opening the stores: generous on a busy machine. */
const SLOW_MS = 60_000;

const postgres = await probeService("Postgres", pingPostgres);
const redis = await probeService("Redis", () => pingRedis(REDIS_TEST_URL));

interface Setup {
  server: ServerProcess;
  jot: (args: string[], options?: { stdin?: string }) => Promise<JotRun>;
  cleanup(): Promise<void>;
}

/** The server holds the file; the command finds its admin socket from DATABASE_URL alone. */
async function onSqlite(): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), "jot-admin-"));
  const env = { DATABASE_URL: `sqlite://${dir}/jot.sqlite`, JWT_SECRET_KEY: SECRET };
  const server = await spawnServer(env);
  return { server, jot: jotCommand(env), cleanup: async () => void (await server.stop(), rmSync(dir, { recursive: true, force: true })) };
}

/** Bootstraps an admin with the command before the server starts, then goes through its admin API with that admin's token. */
async function onSqliteWithToken(): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), "jot-admin-"));
  const env = { DATABASE_URL: `sqlite://${dir}/jot.sqlite`, JWT_SECRET_KEY: SECRET };
  const offline = jotCommand(env);
  expect((await offline(["migrate", "--json"])).json()).toEqual({ applied: MIGRATIONS.length, version: MIGRATIONS.at(-1)!.version });
  expect((await offline(["users", "add", "root", "--password-stdin", "--role", "admin"], { stdin: PASSWORD })).code).toBe(0);
  const server = await spawnServer(env);
  const admin = (await (await call(server, "/auth/login", { method: "POST", json: { username: "root", password: PASSWORD } })).json()) as TokenPair;
  const jot = jotCommand({ ...env, JOT_ADMIN_URL: server.url, JOT_ADMIN_TOKEN: admin.access_token });
  return { server, jot, cleanup: async () => void (await server.stop(), rmSync(dir, { recursive: true, force: true })) };
}

const onSqliteServer = (setup: () => Promise<Setup>) => setup === onSqlite || setup === onSqliteWithToken;

/** The command and the server share one Postgres database. */
async function onPostgres(): Promise<Setup> {
  const database = await createPostgresDatabase();
  const env = { DATABASE_URL: database.url, JWT_SECRET_KEY: SECRET };
  const server = await spawnServer(env);
  return { server, jot: jotCommand(env), cleanup: async () => void (await server.stop(), await database.drop()) };
}

/** Postgres and Redis, as a deployment of several instances runs: revocations live in Redis. */
async function onPostgresAndRedis(): Promise<Setup> {
  const database = await createPostgresDatabase();
  const prefix = newRedisPrefix();
  const env = { DATABASE_URL: database.url, REDIS_URL: REDIS_TEST_URL, REDIS_KEY_PREFIX: prefix, JWT_SECRET_KEY: SECRET };
  const server = await spawnServer(env);
  const cleanup = async () => {
    await server.stop();
    await database.drop();
    await deleteRedisKeys(REDIS_TEST_URL, prefix);
  };
  return { server, jot: jotCommand(env), cleanup };
}

const ENGINES: Array<{ name: string; setup: () => Promise<Setup>; services: Service[] }> = [
  { name: "SQLite, through the running server's admin socket", setup: onSqlite, services: [] },
  { name: "SQLite, through the running server's admin API with a token", setup: onSqliteWithToken, services: [] },
  { name: "Postgres, on the shared database", setup: onPostgres, services: [postgres] },
  { name: "Postgres with Redis, revocations reaching the server by pub/sub", setup: onPostgresAndRedis, services: [postgres, redis] },
];

for (const engine of ENGINES) {
  describeWith(engine.services, `the admin command on ${engine.name}`, () => {
    let s: Setup;
    beforeAll(async () => void (s = await engine.setup()), SLOW_MS);
    afterAll(() => s?.cleanup());

    const login = async (username: string, password = PASSWORD) => call(s.server, "/auth/login", { method: "POST", json: { username, password } });
    const pairOf = async (username: string) => (await (await login(username)).json()) as TokenPair;
    const status = async (path: string, token: string, method = "GET") => (await call(s.server, path, { method, token })).status;
    /** Polls the server until `probe` answers `expected`; the command's change must reach it. */
    const reaches = async <T>(probe: () => Promise<T>, expected: T) => {
      const { answer } = await pollUntil(probe, (value) => Bun.deepEquals(value, expected), REACH);
      expect(answer).toEqual(expected);
    };
    const ok = (run: JotRun) => {
      // A change made on the database is an admin_action line on stderr; through the admin API the server records it.
      const said = run.stderr.split("\n").filter((line) => line !== "").map((line) => (line.startsWith("{") ? (JSON.parse(line) as { event: string }).event : line));
      expect({ code: run.code, stderr: said.filter((what) => what !== "admin_action") }).toEqual({ code: 0, stderr: [] });
      if (onSqliteServer(engine.setup)) expect(said).toEqual([]);
      return run;
    };

    test("users add makes an account the server logs in; users list and show see it and its session", async () => {
      ok(await s.jot(["users", "add", "alice", "--password-stdin"], { stdin: `${PASSWORD}\n` }));
      expect((await login("alice")).status).toBe(200);
      const listed = ok(await s.jot(["users", "list", "--json"])).json<{ users: Array<{ username: string }> }>();
      expect(listed.users.map((user) => user.username)).toContain("alice");
      const shown = ok(await s.jot(["users", "show", "alice", "--json"])).json<{ user: { username: string; roles: string[]; sessions: unknown[] } }>();
      expect(shown.user).toMatchObject({ username: "alice", roles: [], sessions: [expect.objectContaining({ user_agent: expect.any(String) })] });
    }, SLOW_MS);

    test("roles grant reaches the token at the next refresh; roles revoke --end-sessions ends the sessions", async () => {
      const pair = await pairOf("alice");
      ok(await s.jot(["roles", "grant", "alice", "editor"]));
      const refreshed = (await (await call(s.server, "/auth/refresh", { method: "POST", token: pair.refresh_token })).json()) as TokenPair;
      const me = (await (await call(s.server, "/auth/me", { token: refreshed.access_token })).json()) as { user: { roles: string[] } };
      expect(me.user.roles).toEqual(["editor"]);

      ok(await s.jot(["roles", "revoke", "alice", "editor", "--end-sessions"]));
      await reaches(() => status("/protected", refreshed.access_token), 401);
      expect(await status("/auth/refresh", refreshed.refresh_token, "POST")).toBe(401);
      const fresh = await pairOf("alice");
      expect(((await (await call(s.server, "/auth/me", { token: fresh.access_token })).json()) as { user: { roles: string[] } }).user.roles).toEqual([]);
    }, SLOW_MS);

    test("sessions list, end one (its refresh is refused, the other lives), end-all", async () => {
      const laptop = await pairOf("alice");
      const phone = await pairOf("alice");
      const sessions = ok(await s.jot(["sessions", "list", "alice", "--json"])).json<{ sessions: Array<{ id: string }> }>().sessions;
      const laptopSid = JSON.parse(Buffer.from(laptop.refresh_token.split(".")[1]!, "base64url").toString()).sid as string;
      expect(sessions.map((session) => session.id)).toContain(laptopSid);

      ok(await s.jot(["sessions", "end", laptopSid]));
      await reaches(async () => (await outcome(await call(s.server, "/auth/refresh", { method: "POST", token: laptop.refresh_token }))).body, {
        error: "token_revoked",
        msg: "Token has been revoked",
      });
      expect(await status("/protected", phone.access_token)).toBe(200);

      ok(await s.jot(["sessions", "end-all", "alice"]));
      await reaches(() => status("/protected", phone.access_token), 401);
      expect(await status("/auth/refresh", phone.refresh_token, "POST")).toBe(401);
    }, SLOW_MS);

    test("tokens inspect: accepted while good (exit 0), then refused with the reason once its user is disabled (exit 1)", async () => {
      const pair = await pairOf("alice");
      expect(ok(await s.jot(["tokens", "inspect", pair.access_token, "--json"])).json()).toMatchObject({ accepted: true, claims: { username: "alice" } });

      ok(await s.jot(["users", "disable", "alice"]));
      const refused = await s.jot(["tokens", "inspect", pair.access_token]);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(/refused \(token_revoked\): revoked at \d{4}-\d\d-\d\dT/);
    }, SLOW_MS);

    test("users disable: the server refuses the user's token and login; users enable lets them log in again", async () => {
      ok(await s.jot(["users", "enable", "alice"]));
      const pair = await pairOf("alice");
      ok(await s.jot(["users", "disable", "alice"]));
      await reaches(async () => (await outcome(await call(s.server, "/protected", { token: pair.access_token }))).body, {
        error: "token_revoked",
        msg: "Token has been revoked",
      });
      expect(await outcome(await login("alice"))).toMatchObject({ status: 403, body: { error: "account_disabled" } });
      expect(await status("/auth/refresh", pair.refresh_token, "POST")).toBe(401);

      ok(await s.jot(["users", "enable", "alice"]));
      expect((await login("alice")).status).toBe(200);
      expect(await status("/protected", pair.access_token)).toBe(401);
    }, SLOW_MS);

    test("revocations stats counts the entries; prune runs", async () => {
      const answer = ok(await s.jot(["revocations", "stats", "--json"])).json<{ stats: Record<string, { live: number }>; revocations_in_redis: boolean }>();
      expect(answer.revocations_in_redis).toBe(engine.setup === onPostgresAndRedis);
      // The database's rows: the sessions ended so far; revocation entries unless Redis holds them.
      expect(answer.stats["session rows"]!.live).toBeGreaterThanOrEqual(1);
      if (!answer.revocations_in_redis) expect(answer.stats.users!.live).toBeGreaterThanOrEqual(1);
      expect(ok(await s.jot(["revocations", "prune", "--json"])).json()).toEqual({ deleted: expect.any(Number) });
    }, SLOW_MS);

    test("users delete: the account cannot log in and its tokens are refused", async () => {
      const pair = await pairOf("alice");
      ok(await s.jot(["users", "delete", "alice"]));
      await reaches(() => status("/protected", pair.access_token), 401);
      expect(await outcome(await login("alice"))).toMatchObject({ status: 401, body: { error: "bad_credentials" } });
      expect((await s.jot(["users", "show", "alice"])).code).toBe(1);
    }, SLOW_MS);

    test("migrate: the schema is already current", async () => {
      const run = await s.jot(["migrate", "--json"]);
      if (onSqliteServer(engine.setup)) {
        // The running server holds the file and migrated it at start.
        expect(run.code).toBe(1);
        expect(run.stderr).toBe("jot: DATABASE_URL: the SQLite file is in use by a running jot server, which migrates it at start\n");
      } else {
        expect(ok(run).json()).toEqual({ applied: 0, version: MIGRATIONS.at(-1)!.version });
      }
    }, SLOW_MS);
  });
}

describe("bun run jot", () => {
  test("is a root script: --help exits 0, a wrong command exits 2", async () => {
    const root = join(import.meta.dir, "..", "..", "..");
    const help = Bun.spawnSync(["bun", "run", "jot", "users", "--help"], { cwd: root, env: { ...process.env, JWT_SECRET_KEY: SECRET } });
    expect(help.exitCode).toBe(0);
    expect(help.stdout.toString()).toContain("usage: bun run jot");
    const wrong = Bun.spawnSync(["bun", "run", "jot", "users", "frob"], { cwd: root, env: { ...process.env, JWT_SECRET_KEY: SECRET } });
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr.toString()).toContain('jot: unknown command "users frob"');
  }, SLOW_MS);
});
