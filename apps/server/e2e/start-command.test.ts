import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectOutput, pollUntil } from "@jot/testing";
import { call, newUsername, PASSWORD, type TokenPair } from "../test/e2e-helpers.ts";

// `bun run start` from the repository root, as the README says: its output is the server's own
// (no task-runner prefixes, banners or footers), a bad value is one line, stdout is JSON lines,
// and Ctrl-C is a clean stop.

const ROOT = join(import.meta.dir, "..", "..", "..");
const ROOT_ENV = join(ROOT, ".env");
const dataDir = mkdtempSync(join(tmpdir(), "jot-start-"));
/** Every process group a test started; a test that failed midway leaves none running. */
const children: Bun.Subprocess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

/** `bun run start` in the repository root, in its own process group as a terminal would run it. */
function bunRunStart(env: Record<string, string>) {
  const child = Bun.spawn(["bun", "run", "start"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `sqlite://${dataDir}/jot.sqlite`, ...env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    detached: true,
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  const read = async (stream: ReadableStream<Uint8Array>, append: (text: string) => void) => {
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) append(decoder.decode(chunk.value, { stream: true }));
  };
  const done = Promise.all([read(child.stdout, (text) => (stdout += text)), read(child.stderr, (text) => (stderr += text))]);
  return { child, output: () => ({ stdout, stderr }), finished: async () => ({ code: await child.exited, ...(await done, { stdout, stderr }) }) };
}

describe("bun run start", () => {
  test("a bad value in the environment stops it with exactly the one line that names the variable", async () => {
    const run = bunRunStart({ JWT_ALGORITHM: "HS999" });
    const { code, stdout, stderr } = await run.finished();
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe('jot: JWT_ALGORITHM: unknown algorithm "HS999"; expected one of HS256, HS384, HS512, RS256, ES256, EdDSA\n');
  });

  test.skipIf(existsSync(ROOT_ENV) && process.env.CI !== "true")("the .env file at the repository root, made from .env.example, is read", async () => {
    writeFileSync(ROOT_ENV, "JWT_ACCESS_TOKEN_EXPIRES=soon\n", { flag: "wx" });
    try {
      const { code, stdout, stderr } = await bunRunStart({}).finished();
      expect(code).toBe(1);
      expect(stdout).toBe("");
      expect(stderr).toBe('jot: JWT_ACCESS_TOKEN_EXPIRES: expected seconds or a duration such as 90s, 15m, 12h, 30d, got "soon"\n');
    } finally {
      rmSync(ROOT_ENV);
    }
  });

  test("a session prints only JSON lines on stdout, and Ctrl-C stops it cleanly with no failure summary", async () => {
    const run = bunRunStart({ PORT: "0", HOST: "127.0.0.1", JWT_SECRET_KEY: "start-command-test-secret-32-bytes!" });
    const { answer: port } = await pollUntil(
      () => Number(/jot listening on port (\d+)/.exec(run.output().stderr)?.[1]) || undefined,
      (found) => found !== undefined || run.child.exitCode !== null,
      { timeoutMs: 15_000, intervalMs: 20 },
    );
    expect(port).toBeNumber();
    const server = { url: `http://127.0.0.1:${port}` };
    const username = newUsername();
    expect((await call(server, "/auth/register", { method: "POST", json: { username, password: PASSWORD } })).status).toBe(201);
    expect((await call(server, "/auth/login", { method: "POST", json: { username, password: "wrong password" } })).status).toBe(401);
    const tokens = (await (await call(server, "/auth/login", { method: "POST", json: { username, password: PASSWORD } })).json()) as TokenPair;
    expect((await call(server, "/protected", { token: tokens.access_token })).status).toBe(200);
    expect((await call(server, "/auth/logout", { method: "DELETE", token: tokens.access_token })).status).toBe(200);

    process.kill(-run.child.pid, "SIGINT"); // Ctrl-C signals the terminal's whole foreground group
    const { code, stdout, stderr } = await run.finished();
    expect(code).toBe(0);
    const events = stdout.trimEnd().split("\n").map((line) => (JSON.parse(line) as { event: string; time: string }));
    expect(events.map((line) => line.event)).toEqual(["register", "login_failed", "login_ok", "logout"]);
    expect(events.every((line) => typeof line.time === "string")).toBe(true);
    expect(stderr).toBe(
      `jot listening on port ${port} (127.0.0.1)\njot: admin socket ${dataDir}/jot.sock (the admin command on this host, no token)\njot: SIGINT: finishing requests in flight, then stopping\n`,
    );
    expect(existsSync(join(dataDir, "jot.sock"))).toBe(false);
  });
});
