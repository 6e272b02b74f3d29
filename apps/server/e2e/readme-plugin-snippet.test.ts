import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { collectOutput, pollUntil } from "@jot/testing";

// The README's "jot in your own Elysia app" example, as pasted: written into this package (where
// `@jot/server` resolves), type-checked, run with bun on a free port, and used over HTTP as its
// client would.

const ROOT = join(import.meta.dir, "..", "..", "..");
const README = join(ROOT, "README.md");
const SECRET = "a-readme-secret-of-at-least-32-bytes!";

/** The first TypeScript block under the README's plugin heading. */
async function readmeSnippet(): Promise<string> {
  const readme = await Bun.file(README).text();
  const section = readme.slice(readme.indexOf("## jot in your own Elysia app"));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!block?.[1]) throw new Error("README: no TypeScript block under the plugin heading");
  return block[1];
}

/** A port nothing listens on now, on loopback. */
function freePort(): number {
  const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const { port } = probe;
  probe.stop(true);
  if (port === undefined) throw new Error("no free port");
  return port;
}

const folder = mkdtempSync(join(import.meta.dir, "..", ".readme-snippet-"));
let child: Bun.Subprocess<"ignore", "pipe", "pipe"> | undefined;
let output: () => string = () => "";
let base = "";

beforeAll(async () => {
  const file = join(folder, "app.ts");
  writeFileSync(file, await readmeSnippet());
  const port = freePort();
  base = `http://127.0.0.1:${port}`;
  child = Bun.spawn(["bun", file], {
    cwd: folder,
    env: { ...process.env, JWT_SECRET_KEY: SECRET, PORT: String(port) },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  output = collectOutput(child);
  const up = await pollUntil(
    () => fetch(`${base}/maybe`).then((response) => response.status, () => 0),
    (status) => status === 200,
    { timeoutMs: 15_000, intervalMs: 50 },
  );
  if (!up.held) throw new Error(`the README app did not start:\n${output()}`);
}, 20_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill();
    await child.exited;
  }
  rmSync(folder, { recursive: true, force: true });
});

const call = async (method: string, path: string, token?: string, sent?: unknown) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...(sent === undefined ? {} : { "content-type": "application/json" }) },
    ...(sent === undefined ? {} : { body: JSON.stringify(sent) }),
  });
  const text = await response.text();
  // The example's plain routes answer text ("ok"); the rest JSON.
  const body = response.headers.get("content-type")?.includes("json") ? (JSON.parse(text) as Record<string, unknown>) : text;
  return { status: response.status, body };
};

interface Pair {
  access_token: string;
  refresh_token: string;
  session_id: string;
}

const login = async () => {
  const answer = await call("POST", "/login", undefined, { username: "nate", password: "correct horse battery staple" });
  expect(answer.status).toBe(200);
  return answer.body as unknown as Pair;
};

describe("the README's plugin example, run as pasted", () => {
  test("type-checks under the package's compiler settings", async () => {
    // The package's settings, for the example alone.
    writeFileSync(join(folder, "tsconfig.json"), JSON.stringify({ extends: "../tsconfig.json", include: ["app.ts"] }));
    const tsc = Bun.spawn([join(ROOT, "node_modules", ".bin", "tsc"), "-p", join(folder, "tsconfig.json")], { stdout: "pipe", stderr: "pipe" });
    const printed = collectOutput(tsc);
    expect({ exitCode: await tsc.exited, output: printed() }).toEqual({ exitCode: 0, output: "" });
  }, 60_000);

  test("a wrong password is 401 bad_credentials; the right one starts a session whose tokens reach the guarded routes", async () => {
    expect(await call("POST", "/login", undefined, { username: "nate", password: "wrong" })).toEqual({
      status: 401,
      body: { error: "bad_credentials", msg: "Bad username or password" },
    });
    const pair = await login();
    expect(typeof pair.session_id).toBe("string");
    expect(await call("GET", "/protected", pair.access_token)).toEqual({ status: 200, body: { hi: "nate", name: "Nate", lang: "en" } });
    expect(await call("GET", "/admin", pair.access_token)).toEqual({ status: 200, body: "ok" });
    expect(await call("GET", "/maybe", pair.access_token)).toEqual({ status: 200, body: { signedIn: true } });
  });

  test("a refresh keeps the roles and claims: the admin still gets the admin route, the password route wants a fresh token", async () => {
    const pair = await login();
    const refreshed = await call("POST", "/refresh", pair.refresh_token);
    expect(refreshed.status).toBe(200);
    const { access_token } = refreshed.body as unknown as Pair;
    expect(await call("GET", "/admin", access_token)).toEqual({ status: 200, body: "ok" });
    expect((await call("GET", "/protected", access_token)).body).toEqual({ hi: "nate", name: "Nate", lang: "en" });
    expect((await call("PUT", "/password", access_token)).body).toMatchObject({ error: "fresh_token_required" });
  });

  test("logout ends the session: its access token and its refresh token are refused", async () => {
    const pair = await login();
    expect(await call("DELETE", "/logout", pair.access_token)).toEqual({ status: 200, body: { msg: "Logged out" } });
    expect(await call("GET", "/protected", pair.access_token)).toMatchObject({ status: 401, body: { error: "token_revoked" } });
    expect(await call("POST", "/refresh", pair.refresh_token)).toMatchObject({ status: 401, body: { error: "token_revoked" } });
  });
});
