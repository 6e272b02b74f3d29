import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, lstatSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { type ServerProcess, spawnServer } from "@jot/testing";
import { call, PASSWORD, type TokenPair } from "../test/e2e-helpers.ts";

// The README's order, against the real server: start it, then `bun run jot …` beside it on the same
// data folder, with no token and without stopping anything. The command reaches the server through
// its admin socket, so every change holds from the server's next request.

const SECRET = "e2e-admin-socket-secret-of-32+bytes!";
const ROOT = join(import.meta.dir, "..", "..", "..");
/** Several server and command processes on a busy machine: generous, never asserted. */
const SLOW_MS = 60_000;

let dir: string;
let env: Record<string, string>;
let server: ServerProcess;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "jot-socket-e2e-"));
  env = { DATABASE_URL: `sqlite://${dir}/jot.sqlite`, JWT_SECRET_KEY: SECRET };
  server = await spawnServer(env);
}, SLOW_MS);
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** `bun run jot <args>` from the repository root, as the README runs it, on the server's data folder. */
async function jot(args: string[], stdin = ""): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = Bun.spawn(["bun", "run", "jot", ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdin: new Blob([stdin]), stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { code, stdout, stderr };
}

const login = async (username: string) => (await (await call(server, "/auth/login", { method: "POST", json: { username, password: PASSWORD } })).json()) as TokenPair;
const serverEvents = () =>
  server
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("the admin command beside a running server on SQLite", () => {
  test("the server's admin socket is in its data folder, mode 0600, owned by its user", () => {
    const socket = lstatSync(join(dir, "jot.sock"));
    expect({ socket: socket.isSocket(), mode: (socket.mode & 0o777).toString(8), uid: socket.uid }).toEqual({ socket: true, mode: "600", uid: process.getuid!() });
    expect(server.output()).toContain(`jot: admin socket ${join(dir, "jot.sock")}`);
  });

  test("the first admin is added with no token; they log in at once and their token reaches the admin API", async () => {
    const added = await jot(["users", "add", "root", "--password-stdin", "--role", "admin", "--json"], PASSWORD);
    expect({ code: added.code, stderr: added.stderr }).toEqual({ code: 0, stderr: "" });
    const rootId = (JSON.parse(added.stdout) as { user: { id: string } }).user.id;

    const root = await login("root");
    const created = await call(server, "/admin/users", { method: "POST", token: root.access_token, json: { username: "alice", password: PASSWORD } });
    expect(created.status).toBe(201);

    const events = serverEvents().filter((line) => line.event === "admin_action");
    expect(events).toContainEqual(expect.objectContaining({ action: "users add", actor_id: `local:${userInfo().username}`, user_id: rootId }));
    expect(events).toContainEqual(expect.objectContaining({ action: "users add", actor_id: rootId }));
  }, SLOW_MS);

  test("a role granted with the command is in the user's token at their next login", async () => {
    expect((await jot(["roles", "grant", "alice", "editor"])).code).toBe(0);
    const alice = await login("alice");
    const me = (await (await call(server, "/auth/me", { token: alice.access_token })).json()) as { user: { roles: string[] } };
    expect(me.user.roles).toContain("editor");
    expect(serverEvents()).toContainEqual(expect.objectContaining({ event: "admin_action", action: "roles grant", actor_id: `local:${userInfo().username}` }));
  }, SLOW_MS);

  test("a user disabled with the command: their next request is refused", async () => {
    const alice = await login("alice");
    expect((await call(server, "/protected", { token: alice.access_token })).status).toBe(200);
    const disabled = await jot(["users", "disable", "alice"]);
    expect({ code: disabled.code, stderr: disabled.stderr }).toEqual({ code: 0, stderr: "" });
    const refused = await call(server, "/protected", { token: alice.access_token });
    expect({ status: refused.status, body: await refused.json() }).toEqual({ status: 401, body: { error: "token_revoked", msg: "Token has been revoked" } });
    expect((await call(server, "/auth/login", { method: "POST", json: { username: "alice", password: PASSWORD } })).status).toBe(403);
  }, SLOW_MS);

  test("another server whose socket would be the same refuses to start with one line, and the first keeps it", async () => {
    // `jot.db` beside `jot.sqlite`: another database, the same socket name.
    const second = Bun.spawn(["bun", join(import.meta.dir, "..", "src", "main.ts")], {
      cwd: dir,
      env: { ...process.env, ...env, DATABASE_URL: `sqlite://${dir}/jot.db`, PORT: "0", HOST: "127.0.0.1" },
      stdout: "pipe",
      stderr: "pipe",
    });
    const [stderr, code] = await Promise.all([new Response(second.stderr).text(), second.exited]);
    expect({ code, stderr }).toEqual({ code: 1, stderr: `jot: ${join(dir, "jot.sock")}: another jot server answers on this admin socket\n` });
    expect((await jot(["users", "show", "alice", "--json"])).code).toBe(0);
  }, SLOW_MS);

  test("the server removes its socket when it stops", async () => {
    expect(await server.stop()).toBe(0);
    expect(existsSync(join(dir, "jot.sock"))).toBe(false);
  }, SLOW_MS);
});
