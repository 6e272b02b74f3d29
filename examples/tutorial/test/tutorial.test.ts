import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { jot } from "@jot/elysia";

const HERE = join(import.meta.dir, "..");
const ROOT = join(HERE, "..", "..");
const readme = await Bun.file(join(HERE, "README.md")).text();
/** The fallback secret this app once had, committed in the repository: it must sign nothing now. */
const COMMITTED_SECRET = "tutorial-development-secret-32-bytes";

/** The environment the app is started with: the test's own, less what the tests set themselves. */
function environment(env: Record<string, string>): Record<string, string> {
  const { NODE_ENV: _mode, JWT_SECRET_KEY: _secret, ...rest } = process.env as Record<string, string>;
  return { ...rest, PORT: "0", ...env };
}

/** A started app: where it listens, and every line it wrote to stderr. */
interface Started {
  child: ReturnType<typeof Bun.spawn>;
  base: string;
  stderr: Promise<string>;
}
const started: Started[] = [];

/** `bun examples/tutorial/app.ts`, as the README runs it, on a port the system picks. */
async function startTutorial(env: Record<string, string>): Promise<Started> {
  const child = Bun.spawn(["bun", "examples/tutorial/app.ts"], { cwd: ROOT, env: environment(env), stdout: "pipe", stderr: "pipe" });
  const stderr = new Response(child.stderr as ReadableStream<Uint8Array>).text();
  const reader = (child.stdout as ReadableStream<Uint8Array>).getReader();
  let text = "";
  while (!/localhost:(\d+)/.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the tutorial app did not start: ${text} ${await stderr}`);
    text += new TextDecoder().decode(value);
  }
  const app = { child, base: `http://127.0.0.1:${/localhost:(\d+)/.exec(text)![1]}`, stderr };
  started.push(app);
  return app;
}

/** Runs the app to its end (it is expected to refuse to start): its exit code and what it printed. */
async function runToRefusal(env: Record<string, string>): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  // Killed if it starts after all, so a wrong outcome fails instead of hanging.
  const child = Bun.spawn(["bun", "examples/tutorial/app.ts"], { cwd: ROOT, env: environment(env), stdout: "pipe", stderr: "pipe", timeout: 15_000 });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { exitCode, stdout, stderr };
}

let base = "";
beforeAll(async () => {
  base = (await startTutorial({ JWT_SECRET_KEY: "tutorial-test-secret-of-32-bytes!!" })).base;
});
afterAll(async () => {
  for (const app of started) app.child.kill();
  await Promise.all(started.map((app) => app.child.exited));
});

/** `curl -d name=value …`: a form post. */
const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });
const bearer = (token: string, method = "GET") => ({ method, headers: { authorization: `Bearer ${token}` } });

/** Sends a request and checks the status and the body the README prints for it. */
async function expectAnswer(path: string, init: RequestInit, status: number, body: unknown) {
  const response = await fetch(`${base}${path}`, init);
  const text = await response.text();
  expect({ status: response.status, body: JSON.parse(text) }).toEqual({ status, body });
  return text;
}

describe("the tutorial's walk-through", () => {
  test("log in with the form fields, call the protected route, log out, and the token is refused", async () => {
    const login = JSON.parse(await expectAnswer("/login", form({ username: "Nate", password: "you-will-never-guess" }), 200, expect.any(Object)));
    const token = login.access_token as string;
    expect(token.split(".")).toHaveLength(3);

    const hello = await expectAnswer("/protected", bearer(token), 200, { message: "Hello, Nate! This is a protected route." });
    const loggedOut = await expectAnswer("/logout", bearer(token, "DELETE"), 200, { msg: "Access token revoked" });
    const refused = await expectAnswer("/protected", bearer(token), 401, { error: "token_revoked", msg: "Token has been revoked" });
    for (const printed of [hello, loggedOut, refused]) expect(readme).toContain(`# → ${printed}`);
  });

  test("a missing field is 400 naming it; a wrong password is 401, as the README shows", async () => {
    const noUsername = await expectAnswer("/login", form({ password: "x" }), 400, { error: "missing_parameter", msg: "Missing username parameter" });
    await expectAnswer("/login", form({ username: "Nate" }), 400, { error: "missing_parameter", msg: "Missing password parameter" });
    const wrong = await expectAnswer("/login", form({ username: "Nate", password: "wrong" }), 401, { error: "bad_credentials", msg: "Bad username or password" });
    await expectAnswer("/login", form({ username: "Eve", password: "you-will-never-guess" }), 401, { error: "bad_credentials", msg: "Bad username or password" });
    for (const printed of [noUsername, wrong]) expect(readme).toContain(`# → ${printed}`);
  });

  test("no token is 401 missing_token", async () => {
    await expectAnswer("/protected", {}, 401, { error: "missing_token", msg: "Missing Authorization Header" });
  });
});

describe("what Elysia itself refuses is JSON {error, msg} too (S-21)", () => {
  /** Status, `Allow`, content type and body, for one `toEqual`. */
  async function answer(path: string, init: RequestInit = {}) {
    const response = await fetch(`${base}${path}`, init);
    const text = await response.text();
    return {
      status: response.status,
      allow: response.headers.get("allow"),
      type: response.headers.get("content-type"),
      body: text === "" ? "" : JSON.parse(text),
    };
  }
  const JSON_TYPE = "application/json;charset=utf-8";

  test("malformed JSON is 400 invalid_request, the body not echoed", async () => {
    const sent = { method: "POST", headers: { "content-type": "application/json" }, body: '{"username":"Nate","password":"you-will-never-guess"' };
    const malformed = await answer("/login", sent);
    expect(malformed).toEqual({ status: 400, allow: null, type: JSON_TYPE, body: { error: "invalid_request", msg: "Request body could not be parsed" } });
    expect(readme).toContain(`# → ${JSON.stringify(malformed.body)}`);
  });

  test("a known path asked with another method is 405 with Allow; an unknown path is 404; a plain OPTIONS is 204 with Allow", async () => {
    const wrongMethod = await answer("/login");
    expect(wrongMethod).toEqual({ status: 405, allow: "POST, OPTIONS", type: JSON_TYPE, body: { error: "method_not_allowed", msg: "Method not allowed" } });
    expect(readme).toContain(`# → ${JSON.stringify(wrongMethod.body)}`);
    expect(await answer("/protected", { method: "PUT" })).toEqual({ status: 405, allow: "GET, HEAD, OPTIONS", type: JSON_TYPE, body: { error: "method_not_allowed", msg: "Method not allowed" } });
    expect(await answer("/nope")).toEqual({ status: 404, allow: null, type: JSON_TYPE, body: { error: "not_found", msg: "Not found" } });
    expect(await answer("/protected", { method: "OPTIONS" })).toEqual({ status: 204, allow: "GET, HEAD, OPTIONS", type: null, body: "" });
  });
});

describe("the signing key", () => {
  test("without JWT_SECRET_KEY in development: a random key for the process, said in one line; a token signed with the old committed secret is refused", async () => {
    const modes: Array<Record<string, string>> = [{ NODE_ENV: "development" }, {}];
    for (const mode of modes) {
      const app = await startTutorial(mode);
      const forged = await jot({ secret: COMMITTED_SECRET }).createAccessToken("Nate");
      const refused = await fetch(`${app.base}/protected`, bearer(forged));
      expect({ mode, status: refused.status, error: ((await refused.json()) as { error: string }).error }).toEqual({ mode, status: 401, error: "invalid_token" });
      const login = (await (await fetch(`${app.base}/login`, form({ username: "Nate", password: "you-will-never-guess" }))).json()) as { access_token: string };
      expect((await fetch(`${app.base}/protected`, bearer(login.access_token))).status).toBe(200);
      app.child.kill();
      expect((await app.stderr).trimEnd().split("\n")).toEqual([
        "tutorial: warning: JWT_SECRET_KEY is not set; using a random key for this process (development only, its tokens end when it stops)",
      ]);
    }
  });

  test("without JWT_SECRET_KEY anywhere but development it refuses to start: one line on stderr, exit code 1", async () => {
    for (const NODE_ENV of ["production", "test"]) {
      expect(await runToRefusal({ NODE_ENV })).toEqual({
        exitCode: 1,
        stdout: "",
        stderr: `tutorial: cannot start: JWT_SECRET_KEY is required when NODE_ENV=${NODE_ENV}: at least 32 random bytes, e.g. $(openssl rand -hex 32)\n`,
      });
    }
  });

  test("a secret too short for HS256 is refused in one line, not a stack trace", async () => {
    expect(await runToRefusal({ NODE_ENV: "development", JWT_SECRET_KEY: "short" })).toEqual({
      exitCode: 1,
      stdout: "",
      stderr: "tutorial: cannot start: jot(): the secret is 5 bytes; HS256 needs at least 32 random bytes\n",
    });
  });
});
