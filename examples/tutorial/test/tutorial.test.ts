import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";

const HERE = join(import.meta.dir, "..");
const readme = await Bun.file(join(HERE, "README.md")).text();

let child: ReturnType<typeof Bun.spawn>;
let base = "";
beforeAll(async () => {
  // `bun examples/tutorial/app.ts`, as the README runs it, on a port the system picks.
  child = Bun.spawn(["bun", "examples/tutorial/app.ts"], {
    cwd: join(HERE, "..", ".."),
    env: { ...process.env, PORT: "0", JWT_SECRET_KEY: "tutorial-test-secret-of-32-bytes!!" },
    stdout: "pipe",
    stderr: "inherit",
  });
  const reader = (child.stdout as ReadableStream<Uint8Array>).getReader();
  let text = "";
  while (!/localhost:(\d+)/.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the tutorial app did not start: ${text}`);
    text += new TextDecoder().decode(value);
  }
  base = `http://127.0.0.1:${/localhost:(\d+)/.exec(text)![1]}`;
});
afterAll(() => {
  child.kill();
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
