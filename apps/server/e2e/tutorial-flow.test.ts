import { claimsOf, pollUntil, REVOKED, type ServerProcess, spawnServer, sessionOf } from "@jot/testing";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAuthClient, type AuthChangeEvent, type AuthSession } from "@jot/sdk";
import { outcome } from "../test/test-app.ts";

// The real server process on a free loopback port, driven over real HTTP: with plain `fetch`
// (what the README's curl commands do) and through the SDK. Each server gets its own data folder.

const MAIN = join(import.meta.dir, "..", "src", "main.ts");
const PASSWORD = "correct horse battery";
const ACCESS_TTL_SECONDS = 900;
/** A fixed 32-byte key, so a restarted server verifies the tokens the first one issued. */
const RESTART_SECRET = "e2e-restart-secret-of-32-bytes!!";


/** Every server a test started; stopped (again, harmlessly) after all tests, whatever happened. */
const started: ServerProcess[] = [];
async function start(env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await spawnServer(env);
  started.push(server);
  return server;
}
/** Temporary folders made by tests, removed after all tests. */
const folders: string[] = [];
function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "jot-e2e-"));
  folders.push(folder);
  return folder;
}
afterAll(async () => {
  await Promise.all(started.map((server) => server.stop()));
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

interface CallInit {
  method?: string;
  token?: string;
  json?: unknown;
  headers?: Record<string, string>;
}

/** One request to a running server over real HTTP, as `curl` would send it. */
function call(server: ServerProcess, path: string, { method = "GET", token, json, headers = {} }: CallInit = {}): Promise<Response> {
  const sent = new Headers(headers);
  if (token !== undefined) sent.set("authorization", `Bearer ${token}`);
  if (json !== undefined) sent.set("content-type", "application/json");
  return fetch(`${server.url}${path}`, { method, headers: sent, ...(json === undefined ? {} : { body: JSON.stringify(json) }) });
}

interface TokenPair {
  access_token: string;
  refresh_token: string;
}

const newUsername = () => `e2e-${crypto.randomUUID()}`;
const greeting = (username: string) => ({ message: `Hello, ${username}! This is a protected route.` });

async function register(server: ServerProcess, username = newUsername()): Promise<string> {
  const response = await call(server, "/auth/register", { method: "POST", json: { username, password: PASSWORD } });
  expect(response.status).toBe(201);
  return username;
}

async function login(server: ServerProcess, username: string, userAgent?: string): Promise<TokenPair> {
  const response = await call(server, "/auth/login", {
    method: "POST",
    json: { username, password: PASSWORD },
    ...(userAgent === undefined ? {} : { headers: { "user-agent": userAgent } }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as TokenPair;
}

/** The token pair body `/auth/login` and `/auth/refresh` answer. */
const tokenPairBody = { access_token: expect.any(String), refresh_token: expect.any(String), token_type: "Bearer", expires_in: ACCESS_TTL_SECONDS };

describe("the README walk-through against a running server", () => {
  let server: ServerProcess;
  beforeAll(async () => void (server = await start()));

  test("with plain HTTP: register 201, login 200, the protected route greets the user, logout revokes, and the token is refused after", async () => {
    const username = newUsername();

    const registered = await call(server, "/auth/register", { method: "POST", json: { username, password: PASSWORD } });
    expect(registered.headers.get("content-type")).toStartWith("application/json");
    expect(await outcome(registered)).toEqual({ status: 201, body: { id: expect.any(String), username }, challenge: null });

    const loggedIn = await call(server, "/auth/login", { method: "POST", json: { username, password: PASSWORD } });
    const pair = (await loggedIn.clone().json()) as TokenPair;
    expect(await outcome(loggedIn)).toEqual({ status: 200, body: tokenPairBody, challenge: null });
    expect(claimsOf(pair.access_token)).toMatchObject({ username, type: "access", fresh: true });

    expect(await outcome(await call(server, "/protected"))).toEqual({
      status: 401,
      body: { error: "missing_token", msg: "Missing Authorization Header" },
      challenge: `Bearer realm="jot"`,
    });
    expect(await outcome(await call(server, "/protected", { token: pair.access_token }))).toEqual({
      status: 200,
      body: greeting(username),
      challenge: null,
    });

    expect(await outcome(await call(server, "/auth/logout", { method: "DELETE", token: pair.access_token }))).toEqual({
      status: 200,
      body: { msg: "Access token revoked" },
      challenge: null,
    });
    const refused = await call(server, "/protected", { token: pair.access_token });
    expect(refused.headers.get("content-type")).toStartWith("application/json");
    expect(await outcome(refused)).toEqual(REVOKED);
  });

  test("through the SDK: register, login, the protected route, /auth/me and logout, after which the server refuses the old token", async () => {
    const auth = createAuthClient({ baseUrl: server.url, autoRefresh: false });
    const events: Array<[AuthChangeEvent, AuthSession | null]> = [];
    auth.onChange((event, session) => events.push([event, session]));
    const username = newUsername();

    const registered = await auth.register({ username, password: PASSWORD });
    expect(registered).toEqual({ id: expect.any(String), username });
    const session = sessionOf(await auth.login({ username, password: PASSWORD }));
    expect(session.claims).toMatchObject({ sub: registered.id, username, type: "access", fresh: true });
    expect(await auth.api.get("protected").json()).toEqual(greeting(username));
    expect(await auth.me()).toEqual({ user: { id: registered.id, username, roles: ["user"] }, claims: session.claims });
    await auth.logout();

    expect(auth.session).toBeNull();
    expect(events).toEqual([
      ["login", session],
      ["logout", null],
    ]);
    expect(await outcome(await call(server, "/protected", { token: session.access_token }))).toEqual(REVOKED);
    expect(await outcome(await call(server, "/auth/refresh", { method: "POST", token: session.refresh_token }))).toEqual(REVOKED);
  });
});

describe("the session lifecycle against a running server (no reuse grace)", () => {
  let server: ServerProcess;
  beforeAll(async () => void (server = await start({ JWT_REFRESH_REUSE_GRACE: "0" })));

  test("a refresh rotates the pair, and presenting the rotated-out refresh token again revokes that whole login but not the others", async () => {
    const username = await register(server);
    const first = await login(server, username);
    const elsewhere = await login(server, username);

    const refreshed = await call(server, "/auth/refresh", { method: "POST", token: first.refresh_token });
    const second = (await refreshed.clone().json()) as TokenPair;
    expect(await outcome(refreshed)).toEqual({ status: 200, body: tokenPairBody, challenge: null });
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(claimsOf(second.access_token)).toMatchObject({ sid: claimsOf(first.access_token).sid, type: "access", fresh: false });
    expect(await outcome(await call(server, "/protected", { token: second.access_token }))).toEqual({ status: 200, body: greeting(username), challenge: null });

    expect(await outcome(await call(server, "/auth/refresh", { method: "POST", token: first.refresh_token }))).toEqual(REVOKED);

    // Every token descended from that login is gone, the newest included.
    expect(await outcome(await call(server, "/auth/refresh", { method: "POST", token: second.refresh_token }))).toEqual(REVOKED);
    expect(await outcome(await call(server, "/protected", { token: second.access_token }))).toEqual(REVOKED);
    expect(await outcome(await call(server, "/protected", { token: first.access_token }))).toEqual(REVOKED);
    // The user's other login is another family and lives on.
    expect(await outcome(await call(server, "/protected", { token: elsewhere.access_token }))).toEqual({ status: 200, body: greeting(username), challenge: null });
    expect((await call(server, "/auth/refresh", { method: "POST", token: elsewhere.refresh_token })).status).toBe(200);
  });

  test("GET /auth/sessions lists one session per login marking the caller's, and DELETE /auth/sessions logs out everywhere", async () => {
    const username = await register(server);
    const laptop = await login(server, username, "e2e-laptop");
    const phone = await login(server, username, "e2e-phone");

    const listed = await call(server, "/auth/sessions", { token: phone.access_token });
    const isoTime = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const session = (token: string, userAgent: string, current: boolean) => ({
      id: claimsOf(token).sid,
      created_at: isoTime,
      last_used_at: isoTime,
      user_agent: userAgent,
      current,
    });
    const { status, body, challenge } = await outcome(listed);
    const sessions = [...(body as { sessions: Array<{ user_agent: string }> }).sessions].sort((a, b) => a.user_agent.localeCompare(b.user_agent));
    expect({ status, body: { sessions }, challenge }).toEqual({
      status: 200,
      body: { sessions: [session(laptop.access_token, "e2e-laptop", false), session(phone.access_token, "e2e-phone", true)] },
      challenge: null,
    });

    expect(await outcome(await call(server, "/auth/sessions", { method: "DELETE", token: laptop.access_token }))).toEqual({
      status: 200,
      body: { msg: "All sessions revoked" },
      challenge: null,
    });
    for (const pair of [laptop, phone]) {
      expect(await outcome(await call(server, "/protected", { token: pair.access_token }))).toEqual(REVOKED);
      expect(await outcome(await call(server, "/auth/refresh", { method: "POST", token: pair.refresh_token }))).toEqual(REVOKED);
    }

    // Logging in again afterwards starts a session the mark does not cover.
    const again = await login(server, username, "e2e-tablet");
    expect(await outcome(await call(server, "/auth/sessions", { token: again.access_token }))).toEqual({
      status: 200,
      body: { sessions: [session(again.access_token, "e2e-tablet", true)] },
      challenge: null,
    });
  });
});

describe("stopping and restarting the server", () => {
  test("SIGTERM stops the server with exit code 0, and a server restarted on the same database still refuses a revoked token", async () => {
    const folder = tempFolder();
    const env = { DATABASE_URL: `sqlite://${folder}/jot.sqlite`, JWT_SECRET_KEY: RESTART_SECRET };
    const first = await start(env);
    const username = await register(first);
    const revoked = await login(first, username);
    const kept = await login(first, username);
    expect((await call(first, "/auth/logout", { method: "DELETE", token: revoked.access_token })).status).toBe(200);

    expect(await first.stop()).toBe(0);
    await pollUntil(first.output, (output) => output.includes("SIGTERM"), { timeoutMs: 1_000, intervalMs: 10 });
    expect(first.output()).toContain("jot: SIGTERM: finishing requests in flight, then stopping");

    const second = await start(env);
    expect(await outcome(await call(second, "/protected", { token: revoked.access_token }))).toEqual(REVOKED);
    expect(await outcome(await call(second, "/auth/refresh", { method: "POST", token: revoked.refresh_token }))).toEqual(REVOKED);
    // Same key and same users: a token that was never revoked still works, so the refusal above is the revocation's.
    expect(await outcome(await call(second, "/protected", { token: kept.access_token }))).toEqual({ status: 200, body: greeting(username), challenge: null });
    expect(await second.stop()).toBe(0);
    // Two servers start and stop here, each hashing passwords: a bound for a busy machine, not a speed.
  }, 20_000);
});

describe("a bad configuration", () => {
  /** Runs `bun src/main.ts` with `env` on top of a good configuration; bounded, in case it starts after all. */
  async function run(env: Record<string, string>): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
    const folder = tempFolder();
    const child = Bun.spawn([process.execPath, MAIN], {
      cwd: folder,
      env: {
        ...process.env,
        NODE_ENV: "development",
        PORT: "0",
        HOST: "127.0.0.1",
        DATABASE_URL: `sqlite://${folder}/data/jot.sqlite`,
        JWT_SECRET_KEY: RESTART_SECRET,
        ...env,
      },
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
      timeout: 15_000,
      killSignal: "SIGKILL",
    });
    const [stdout, stderr, exitCode] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
    return { exitCode, stdout, stderr };
  }

  const cases: Array<[name: string, env: Record<string, string>, variable: string, mentions: string]> = [
    ["an unknown JWT_ALGORITHM", { JWT_ALGORITHM: "HS999" }, "JWT_ALGORITHM", `"HS999"`],
    ["an unparseable JWT_ACCESS_TOKEN_EXPIRES", { JWT_ACCESS_TOKEN_EXPIRES: "forever" }, "JWT_ACCESS_TOKEN_EXPIRES", `"forever"`],
    ["production without JWT_SECRET_KEY", { NODE_ENV: "production", JWT_SECRET_KEY: "" }, "JWT_SECRET_KEY", "production"],
    [
      "production without MFA_ENCRYPTION_KEY",
      { NODE_ENV: "production", AUTH_REGISTRATION: "open", JWT_SECRET_KEY: "a-production-secret-of-32-bytes!!", MFA_ENCRYPTION_KEY: "" },
      "MFA_ENCRYPTION_KEY",
      "TOTP secrets are stored encrypted with it",
    ],
    ["an unreachable DATABASE_URL", { DATABASE_URL: "postgres://127.0.0.1:1/jot" }, "DATABASE_URL", "cannot open the database"],
  ];

  test("a port already taken makes the process exit 1 printing one line, instead of sharing the port", async () => {
    const taken = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("someone else") });
    try {
      const { exitCode, stdout, stderr } = await run({ PORT: String(taken.port) });
      expect({ exitCode, stdout, stderr }).toEqual({ exitCode: 1, stdout: "", stderr: `jot: PORT: ${taken.port} is already in use\n` });
    } finally {
      taken.stop(true);
    }
  });

  test.each(cases)("%s makes the process exit 1 printing one line that names the variable, with no stack trace", async (_name, env, variable, mentions) => {
    const { exitCode, stdout, stderr } = await run(env);
    expect({ exitCode, stdout }).toEqual({ exitCode: 1, stdout: "" });
    expect(stderr).toMatch(new RegExp(`^jot: ${variable}: [^\\n]+\\n$`));
    expect(stderr).toContain(mentions);
  });

  test("a data folder that cannot be created makes the process exit 1 printing one line, with no stack trace", async () => {
    const folder = tempFolder();
    writeFileSync(join(folder, "not-a-folder"), "");
    const { exitCode, stdout, stderr } = await run({ DATABASE_URL: `sqlite://${folder}/not-a-folder/jot.sqlite`, JWT_SECRET_KEY: "" });
    expect({ exitCode, stdout }).toEqual({ exitCode: 1, stdout: "" });
    expect(stderr).toMatch(/^jot: (DATABASE_URL|JWT_SECRET_KEY): [^\n]+\n$/);
  });
});
