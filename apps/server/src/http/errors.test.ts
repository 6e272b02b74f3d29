import { afterAll, beforeAll, describe, expect, spyOn, test } from "bun:test";
import { jot, jsonErrors } from "@jot/elysia";
import { ROUTES } from "@jot/shared";
import { Elysia } from "elysia";
import { createTestApp, outcome, registerAndLogin, TEST_SECRET, type TestApp } from "../../test/test-app.ts";

let t: TestApp;
beforeAll(async () => void (t = await createTestApp({ MAX_BODY_BYTES: "2048" })));
afterAll(() => t.close());

describe("S-21: every failure is JSON {error, msg}", () => {
  test("an unknown path is 404 not_found", async () => {
    expect(await outcome(await t.request("/nope"))).toEqual({ status: 404, body: { error: "not_found", msg: "Not found" }, challenge: null });
  });

  test("a known path with another method is 405 with Allow", async () => {
    const response = await t.request("/auth/login");
    expect(response.headers.get("allow")).toBe("POST, OPTIONS");
    expect(await outcome(response)).toEqual({ status: 405, body: { error: "method_not_allowed", msg: "Method not allowed" }, challenge: null });
    const post = await t.request("/protected", { method: "POST" });
    expect({ status: post.status, allow: post.headers.get("allow") }).toEqual({ status: 405, allow: "GET, HEAD, OPTIONS" });
  });

  test("malformed JSON is 400 invalid_request and the body is not echoed", async () => {
    const response = await t.request("/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"username":"alice","password":"hunter2-secret"',
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(JSON.parse(text)).toEqual({ error: "invalid_request", msg: "Request body is not valid JSON" });
    expect(text).not.toContain("hunter2-secret");
  });

  test("an unsupported content type is 400 invalid_request", async () => {
    const response = await t.request("/auth/login", { method: "POST", headers: { "content-type": "text/plain" }, body: "alice:secret" });
    expect(await outcome(response)).toEqual({
      status: 400,
      body: { error: "invalid_request", msg: "Unsupported content type: send application/json" },
      challenge: null,
    });
  });

  test("S-18: a body over the cap is 413 payload_too_large, whether or not it declares its length", async () => {
    const big = JSON.stringify({ username: "alice", password: "x".repeat(4096) });
    const declared = await t.request("/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: big });
    const expected = { status: 413, body: { error: "payload_too_large", msg: "Request body is larger than 2048 bytes" }, challenge: null };
    expect(await outcome(declared)).toEqual(expected);
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const chunked = await t.app.handle(
      new Request("http://localhost/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: stream }),
    );
    expect(await outcome(chunked)).toEqual(expected);
  });

  test("a store that cannot be reached is 503 store_unavailable, never a success", async () => {
    const broken = await createTestApp();
    await broken.close();
    const response = await broken.request("/auth/login", { method: "POST", json: { username: "alice", password: "whatever-password" } });
    expect(await outcome(response)).toEqual({
      status: 503,
      body: { error: "store_unavailable", msg: "The database could not be reached" },
      challenge: null,
    });
    const health = await broken.request("/health");
    expect(health.status).toBe(503);
    expect((await health.json()) as object).toEqual({
      status: "unavailable",
      error: "store_unavailable",
      msg: "Unavailable: database",
      stores: { database: "unavailable" },
    });
  });

  test("a store failure is reported to the app's error log, once per request, and nothing is printed", async () => {
    const broken = await createTestApp();
    await broken.close();
    const printed = spyOn(console, "log").mockImplementation(() => undefined);
    try {
      await broken.request("/auth/login", { method: "POST", json: { username: "alice", password: "whatever-password" } });
      await broken.request("/health");
      expect(printed).not.toHaveBeenCalled();
    } finally {
      printed.mockRestore();
    }
    expect(broken.logs.filter((line) => line.startsWith("store_error"))).toEqual([
      "store_error: JotError: The database could not be reached",
      "store_error: JotError: The database could not be reached",
    ]);
  });

  test("GET /health is 200 when every store answers", async () => {
    const response = await t.request("/health");
    expect(response.status).toBe(200);
    expect((await response.json()) as object).toEqual({ status: "ok", stores: { database: "ok" } });
  });
});

describe("the methods of a known path", () => {
  test("a plain OPTIONS (not a CORS preflight) on a known path is 204 with Allow, HEAD listed wherever GET is", async () => {
    const expected: Record<string, string> = {
      "/protected": "GET, HEAD, OPTIONS",
      "/auth/login": "POST, OPTIONS",
      "/auth/sessions": "GET, DELETE, HEAD, OPTIONS",
      [`/auth/sessions/${crypto.randomUUID()}`]: "DELETE, OPTIONS",
      "/health": "GET, HEAD, OPTIONS",
    };
    for (const [path, allow] of Object.entries(expected)) {
      const response = await t.request(path, { method: "OPTIONS" });
      expect({ path, status: response.status, allow: response.headers.get("allow"), body: await response.text() }).toEqual({ path, status: 204, allow, body: "" });
    }
    expect(await outcome(await t.request("/nope", { method: "OPTIONS" }))).toEqual({ status: 404, body: { error: "not_found", msg: "Not found" }, challenge: null });
  });

  test("Allow is truthful: every method it lists is answered by the path, HEAD as GET without the body", async () => {
    const user = await registerAndLogin(t);
    for (const path of ["/protected", "/auth/me", "/health", "/auth/sessions"]) {
      const allow = (await t.request(path, { method: "OPTIONS" })).headers.get("allow")!.split(", ");
      expect(allow).toContain("HEAD");
      for (const method of allow.filter((name) => name !== "DELETE")) {
        expect({ path, method, status: (await t.request(path, { method, token: user.access })).status }).toEqual({ path, method, status: method === "OPTIONS" ? 204 : 200 });
      }
      const [get, head] = [await t.request(path, { token: user.access }), await t.request(path, { method: "HEAD", token: user.access })];
      expect({ type: head.headers.get("content-type"), body: await head.text() }).toEqual({ type: get.headers.get("content-type"), body: "" });
    }
    const refused = await t.request("/protected", { method: "HEAD" });
    expect({ status: refused.status, challenge: refused.headers.get("www-authenticate"), body: await refused.text() }).toEqual({ status: 401, challenge: `Bearer realm="jot"`, body: "" });
  });
});

describe("a failure is answered alike by the server and by an app of its own built on jot()", () => {
  /** What a client sees of an answer: status, body and the headers a failure sets. */
  async function seen(response: Response) {
    const headers = ["content-type", "allow", "www-authenticate", "retry-after"].map((name) => [name, response.headers.get(name)]);
    return { status: response.status, body: await response.text(), headers: Object.fromEntries(headers) };
  }

  test("token refusals, an unknown path, another method and a plain OPTIONS", async () => {
    const own = new Elysia()
      .use(jot({ secret: TEST_SECRET }))
      .use(jsonErrors({ logError: () => undefined }))
      .get(ROUTES.protected, ({ identity }) => ({ identity }), { auth: true });
    const cases: Array<[string, RequestInit]> = [
      [ROUTES.protected, {}],
      [ROUTES.protected, { headers: { authorization: "Bearer not.a.token" } }],
      [ROUTES.protected, { headers: { authorization: "Basic YWxpY2U6c2VjcmV0" } }],
      [ROUTES.protected, { method: "POST" }],
      [ROUTES.protected, { method: "OPTIONS" }],
      ["/nope", {}],
    ];
    for (const [path, init] of cases) {
      const fromServer = await seen(await t.request(path, init));
      const fromOwnApp = await seen(await own.handle(new Request(`http://localhost${path}`, init)));
      expect({ path, init, answer: fromOwnApp }).toEqual({ path, init, answer: fromServer });
    }
  });
});
