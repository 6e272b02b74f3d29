import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AdminSocketError, listenAdminSocket } from "./listen-admin-socket.ts";
import { socketState } from "./socket-state.ts";

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "jot-socket-"));
  path = join(dir, "jot.sock");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const answer = (text: string) => () => new Response(text);
const ask = async (socket: string) => (await fetch("http://localhost/", { unix: socket })).text();

/** A socket left behind by a server that was killed: the file is there, nobody listens. */
async function staleSocketAt(socket: string): Promise<void> {
  const child = Bun.spawn(["bun", "-e", `Bun.serve({ unix: ${JSON.stringify(socket)}, fetch: () => new Response("") }); console.log("up")`], { stdout: "pipe" });
  const reader = child.stdout.getReader();
  await reader.read();
  child.kill("SIGKILL");
  await child.exited;
}

describe("the admin socket", () => {
  test("is created with mode 0600 and owned by the server's user, even under a permissive umask", async () => {
    const previous = process.umask(0);
    try {
      const server = await listenAdminSocket(path, answer("ok"));
      const made = lstatSync(path);
      expect({ socket: made.isSocket(), mode: (made.mode & 0o777).toString(8), uid: made.uid }).toEqual({ socket: true, mode: "600", uid: process.getuid!() });
      expect(process.umask()).toBe(0);
      expect(await ask(path)).toBe("ok");
      await server.stop();
      expect(existsSync(path)).toBe(false);
    } finally {
      process.umask(previous);
    }
  });

  test("a socket left by a server that is gone is replaced", async () => {
    await staleSocketAt(path);
    expect(await socketState(path)).toBe("stale");
    const server = await listenAdminSocket(path, answer("new"));
    expect(await ask(path)).toBe("new");
    await server.stop(true);
  });

  test("a live server on it is refused with one line, and keeps its socket", async () => {
    const first = await listenAdminSocket(path, answer("first"));
    const second = listenAdminSocket(path, answer("second"));
    await expect(second).rejects.toThrow(new AdminSocketError(`${path}: another jot server answers on this admin socket`));
    expect(await ask(path)).toBe("first");
    await first.stop(true);
  });

  test("any other file at the path is refused and left alone", async () => {
    writeFileSync(path, "not a socket");
    await expect(listenAdminSocket(path, answer("x"))).rejects.toThrow(new AdminSocketError(`${path} exists and is not a socket; move it away`));
    expect(readFileSync(path, "utf8")).toBe("not a socket");
  });

  test("a folder it cannot be made in is one line naming the path and the system's reason", async () => {
    writeFileSync(join(dir, "data"), "a file where the data folder should be");
    const inside = join(dir, "data", "jot.sock");
    await expect(listenAdminSocket(inside, answer("x"))).rejects.toThrow(new AdminSocketError(`${inside}: cannot make the admin socket (ENOTDIR)`));
  });
});
