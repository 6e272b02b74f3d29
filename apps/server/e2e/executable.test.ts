// jot as one executable file (`bun run build`), copied alone into an empty folder, far from the
// repository: `jot serve` answers the tutorial flow there (so the password-hashing thread and the
// migrations are inside the file), keeps its data in ./data/, `jot health` asks it for /health (the
// container's HEALTHCHECK), the admin command in the same file reaches it through its admin socket
// while it runs, it stops cleanly on Ctrl-C, and the admin command works on the data afterwards.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { collectOutput, outcome, pollUntil, REVOKED } from "@jot/testing";
import { buildExecutable } from "../scripts/build-executable.ts";
import packageJson from "../package.json" with { type: "json" };
import { call, greeted, PASSWORD, type TokenPair } from "../test/e2e-helpers.ts";

/** Building on a small, busy machine is slow: minutes, not seconds. */
const BUILD_TIMEOUT_MS = 600_000;

const folders: string[] = [];
const children: Bun.Subprocess[] = [];
/** The folder holding nothing but the executable, where it runs. */
let work = "";
let jot = "";

function newFolder(name: string): string {
  const folder = mkdtempSync(join(tmpdir(), `jot-executable-${name}-`));
  folders.push(folder);
  return folder;
}

beforeAll(async () => {
  const built = await buildExecutable(undefined, join(newFolder("build"), "jot"));
  work = newFolder("run");
  jot = join(work, "jot");
  copyFileSync(built, jot);
}, BUILD_TIMEOUT_MS);

afterAll(() => {
  for (const child of children) if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** Only what a shell gives any program: nothing of this repository's configuration. */
const bareEnv = () => ({ PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: work });

/** `jot …args` run to its end, in the folder it sits in unless told. */
async function runJot(args: string[], { stdin, cwd = work, env = {} }: { stdin?: string; cwd?: string; env?: Record<string, string> } = {}) {
  const child = Bun.spawn([jot, ...args], { cwd, env: { ...bareEnv(), ...env }, stdin: stdin === undefined ? "ignore" : new Blob([stdin]), stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { code, stdout, stderr };
}

describe("the jot executable", () => {
  test("is one file: copied alone into an empty folder, it is all there is", () => {
    expect(readdirSync(work)).toEqual(["jot"]);
  });

  test("--version prints the server package's version; --help shows serve, health and every admin command", async () => {
    expect(await runJot(["--version"])).toEqual({ code: 0, stdout: `jot ${packageJson.version}\n`, stderr: "" });
    const help = await runJot(["--help"]);
    expect({ code: help.code, stderr: help.stderr }).toEqual({ code: 0, stderr: "" });
    expect(help.stdout).toStartWith("usage: jot serve");
    expect(help.stdout).toContain("\n       jot health ");
    expect(help.stdout).toContain("usage: jot <command>");
    for (const command of ["users add", "users list", "roles grant", "sessions end", "keys generate", "tokens inspect", "revocations prune", "migrate"]) {
      expect(help.stdout).toContain(`  ${command} `);
    }
    const wrong = await runJot(["frobnicate"]);
    expect({ code: wrong.code, stdout: wrong.stdout }).toEqual({ code: 2, stdout: "" });
    expect(wrong.stderr).toStartWith('jot: unknown command "frobnicate"');
    const extra = await runJot(["health", "now"]);
    expect({ code: extra.code, stdout: extra.stdout }).toEqual({ code: 2, stdout: "" });
    expect(extra.stderr).toStartWith("jot: health takes no arguments\n");
  });

  test("reads .env in its working directory, and a variable set in the environment wins over the file", async () => {
    const elsewhere = newFolder("dotenv");
    await Bun.write(join(elsewhere, ".env"), "JWT_ACCESS_TOKEN_EXPIRES=soon\n");
    const refusal = (value: string) => `jot: JWT_ACCESS_TOKEN_EXPIRES: expected seconds or a duration such as 90s, 15m, 12h, 30d, got "${value}"\n`;
    expect(await runJot(["serve"], { cwd: elsewhere })).toEqual({ code: 1, stdout: "", stderr: refusal("soon") });
    expect(await runJot(["serve"], { cwd: elsewhere, env: { JWT_ACCESS_TOKEN_EXPIRES: "later" } })).toEqual({ code: 1, stdout: "", stderr: refusal("later") });
  });

  test(
    "`jot serve` answers the tutorial flow from ./data/jot.sqlite and `jot health`, takes an admin command through its socket while it runs, Ctrl-C stops it with exit 0, then the admin command works on the same data",
    async () => {
      const server = Bun.spawn([jot, "serve"], {
        cwd: work,
        env: { ...bareEnv(), PORT: "0", HOST: "127.0.0.1" },
        stdin: "ignore",
        stdout: "pipe",
        stderr: "pipe",
        // Its own process group, as a terminal runs it: Ctrl-C signals the whole group.
        detached: true,
      });
      children.push(server);
      const output = collectOutput(server);
      const { answer: port } = await pollUntil(
        () => Number(/jot listening on port (\d+)/.exec(output())?.[1]) || undefined,
        (found) => found !== undefined || server.exitCode !== null,
        { timeoutMs: 30_000, intervalMs: 20 },
      );
      expect(port, output()).toBeNumber();
      const url = { url: `http://127.0.0.1:${port}` };

      const health = await call(url, "/health");
      expect({ status: health.status, body: await health.json() }).toEqual({ status: 200, body: { status: "ok", stores: { database: "ok" } } });
      // What the container's HEALTHCHECK runs: the server is found from PORT, as `jot serve` reads it.
      expect(await runJot(["health"], { env: { PORT: String(port) } })).toEqual({ code: 0, stdout: `jot: healthy: http://127.0.0.1:${port}/health answered 200\n`, stderr: "" });
      const username = "alice";
      expect((await call(url, "/auth/register", { method: "POST", json: { username, password: PASSWORD } })).status).toBe(201);
      const login = await call(url, "/auth/login", { method: "POST", json: { username, password: PASSWORD } });
      expect(login.status).toBe(200);
      const tokens = (await login.json()) as TokenPair;
      expect(await outcome(await call(url, "/protected", { token: tokens.access_token }))).toEqual(greeted(username));
      expect((await call(url, "/auth/logout", { method: "DELETE", token: tokens.access_token })).status).toBe(200);
      expect(await outcome(await call(url, "/protected", { token: tokens.access_token }))).toEqual(REVOKED);

      // The first admin, with the server running: the server holds the SQLite file, so the command
      // goes through the admin socket it serves in ./data/, and root logs in at once.
      expect(output()).toContain("jot: admin socket data/jot.sock ");
      const root = await runJot(["users", "add", "root", "--password-stdin", "--role", "admin"], { stdin: PASSWORD });
      expect({ code: root.code, stderr: root.stderr }).toEqual({ code: 0, stderr: "" });
      expect(root.stdout).toStartWith("created root");
      const rootLogin = await call(url, "/auth/login", { method: "POST", json: { username: "root", password: PASSWORD } });
      expect(rootLogin.status).toBe(200);
      const rootTokens = (await rootLogin.json()) as TokenPair;
      expect((await call(url, "/admin/users", { token: rootTokens.access_token })).status).toBe(200);
      // The server made the change and logged it as the local operator's.
      const actions = output()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.event === "admin_action");
      expect(actions).toContainEqual(expect.objectContaining({ action: "users add", actor_id: `local:${userInfo().username}` }));

      process.kill(-server.pid, "SIGINT");
      expect(await server.exited).toBe(0);
      expect(output()).toContain("jot: SIGINT: finishing requests in flight, then stopping");
      const stopped = await runJot(["health"], { env: { PORT: String(port) } });
      expect({ code: stopped.code, stdout: stopped.stdout }).toEqual({ code: 1, stdout: "" });
      expect(stopped.stderr).toStartWith(`jot: unhealthy: no answer from http://127.0.0.1:${port}/health (`);
      // The default database and the development key, beside where it ran.
      expect(readdirSync(join(work, "data")).sort()).toEqual(["jot.sqlite", "jwt-secret.key"]);

      // The server is stopped, so the admin command opens the same file itself.
      const added = await runJot(["users", "add", "carol", "--password-stdin", "--role", "admin"], { stdin: PASSWORD });
      expect(added.code, added.stderr).toBe(0);
      expect(added.stdout).toStartWith("created carol");
      const listed = await runJot(["users", "list", "--json"]);
      expect(listed.code).toBe(0);
      const { users } = JSON.parse(listed.stdout) as { users: { username: string; roles: string[] }[] };
      expect(users.map(({ username, roles }) => ({ username, roles })).sort((a, b) => a.username.localeCompare(b.username))).toEqual([
        { username: "alice", roles: ["user"] },
        { username: "carol", roles: ["admin"] },
        { username: "root", roles: ["admin"] },
      ]);
    },
    120_000,
  );
});
