import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { systemClock } from "@jot/elysia/server";
import { createServerApps } from "../app.ts";
import { loadConfig } from "../config/load-config.ts";
import { jsonLinesAuditLog } from "../logging/audit-log.ts";
import { serveLocalAdmin, type LocalAdminSocket } from "../local-admin/serve-local-admin.ts";
import { openStores, type Stores } from "../stores.ts";
import { createPasswordHasher } from "../users/password-hasher.ts";
import { jotCommand } from "../../test/run-jot.ts";
import { TEST_SECRET, UNTHROTTLED } from "../../test/test-app.ts";

// The admin command beside a server running on a SQLite file: the server in process, holding the
// file and listening on its admin socket; the command finds the socket from DATABASE_URL alone.

const PASSWORD = "correct horse battery";
let dir: string;
let env: Record<string, string>;
let stores: Stores;
let app: ReturnType<typeof createServerApps>["app"];
let socket: LocalAdminSocket | undefined;
const serverLog: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "jot-local-admin-"));
  env = { DATABASE_URL: `sqlite://${dir}/jot.sqlite`, JWT_SECRET_KEY: TEST_SECRET, ...UNTHROTTLED };
  const config = loadConfig(env);
  stores = await openStores(config, systemClock);
  const built = createServerApps(config, { clock: systemClock, passwords: createPasswordHasher(), ...stores, audit: jsonLinesAuditLog((line) => serverLog.push(line), systemClock) });
  app = built.app;
  socket = await serveLocalAdmin(config, built.localAdmin);
});
afterAll(async () => {
  await socket?.server.stop(true);
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

const login = (username: string) => app.handle(new Request("http://localhost/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password: PASSWORD }) }));

describe("the admin command beside a running SQLite server", () => {
  test("the server's socket is beside its file", () => {
    expect(socket?.path).toBe(join(dir, "jot.sock"));
  });

  test("users add needs no token: the server makes the change, records it as the local operator's, and the user logs in at once", async () => {
    const run = await jotCommand(env)(["users", "add", "root", "--password-stdin", "--role", "admin", "--json"], { stdin: PASSWORD });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    const id = run.json<{ user: { id: string } }>().user.id;
    const event = serverLog.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.event === "admin_action" && line.user_id === id);
    expect(event).toMatchObject({ action: "users add", actor_id: `local:${userInfo().username}` });
    expect((await login("root")).status).toBe(200);
  });

  test("users disable through the socket: the user's token is refused on the next request", async () => {
    expect((await jotCommand(env)(["users", "add", "mallory", "--password-stdin"], { stdin: PASSWORD })).code).toBe(0);
    const { access_token } = (await (await login("mallory")).json()) as { access_token: string };
    const protectedStatus = async () => (await app.handle(new Request("http://localhost/protected", { headers: { authorization: `Bearer ${access_token}` } }))).status;
    expect(await protectedStatus()).toBe(200);
    expect((await jotCommand(env)(["users", "disable", "mallory"])).code).toBe(0);
    expect(await protectedStatus()).toBe(401);
  });

  test("with the socket gone, the command says the file is held and how to go on", async () => {
    await socket!.server.stop(true);
    socket = undefined;
    const run = await jotCommand(env)(["users", "list"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("the SQLite file is in use by another jot process");
    expect(run.stderr).toContain("set JOT_ADMIN_TOKEN to an admin's access token");
  });
});

describe("the admin command with no server running", () => {
  test("a socket left by a server that is gone is passed over: the command opens the database itself", async () => {
    const folder = mkdtempSync(join(tmpdir(), "jot-local-admin-"));
    try {
      const child = Bun.spawn(["bun", "-e", `Bun.serve({ unix: ${JSON.stringify(join(folder, "jot.sock"))}, fetch: () => new Response("") }); console.log("up")`], { stdout: "pipe" });
      await child.stdout.getReader().read();
      child.kill("SIGKILL");
      await child.exited;
      expect(existsSync(join(folder, "jot.sock"))).toBe(true);
      const run = await jotCommand({ DATABASE_URL: `sqlite://${folder}/jot.sqlite`, JWT_SECRET_KEY: TEST_SECRET })(["users", "add", "alice", "--password-stdin"], { stdin: PASSWORD });
      expect(run.code).toBe(0);
      // Written on the database by the command: its own admin_action line, as the command's user.
      expect(JSON.parse(run.stderr)).toMatchObject({ event: "admin_action", action: "users add", actor_id: `cli:${userInfo().username}` });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
