import { describe, expect, test } from "bun:test";
import { Elysia, t } from "elysia";
import { jot, jsonErrors } from "../index.ts";

const SECRET = "an-app-secret-of-at-least-32-bytes!";

/** An app of its own: jot(), then jsonErrors() with a log the test reads. */
function appWith(onError?: Parameters<typeof jot>[0]["onError"]) {
  const logged: Array<[string, string]> = [];
  const app = new Elysia()
    .use(jot({ secret: SECRET, ...(onError ? { onError } : {}) }))
    .use(jsonErrors({ logError: (event, error) => void logged.push([event, String(error)]) }))
    .post("/login", ({ body }) => ({ name: body.username }), { body: t.Object({ username: t.String(), password: t.String() }) })
    .get("/protected", ({ identity }) => ({ identity }), { auth: true })
    .get("/broken", () => {
      throw new Error("db password=hunter2 at postgres://u:p@db");
    })
    .get("/teapot", ({ status }) => {
      throw status(418, "I'm a teapot");
    });
  return { app, logged };
}

async function answer(app: { handle(request: Request): Promise<Response> }, path: string, init: RequestInit = {}) {
  const response = await app.handle(new Request(`http://localhost${path}`, init));
  const text = await response.text();
  return { status: response.status, allow: response.headers.get("allow"), type: response.headers.get("content-type"), text };
}

const JSON_TYPE = "application/json;charset=utf-8";
const json = (body: unknown) => JSON.stringify(body);

describe("jsonErrors(): what Elysia itself refuses, as JSON {error, msg} (S-21)", () => {
  test("an unknown path is 404; a known path asked with another method 405 with Allow; a plain OPTIONS 204 with Allow", async () => {
    const { app } = appWith();
    expect(await answer(app, "/nope")).toEqual({ status: 404, allow: null, type: JSON_TYPE, text: json({ error: "not_found", msg: "Not found" }) });
    expect(await answer(app, "/login")).toEqual({ status: 405, allow: "POST, OPTIONS", type: JSON_TYPE, text: json({ error: "method_not_allowed", msg: "Method not allowed" }) });
    expect(await answer(app, "/protected", { method: "DELETE" })).toEqual({
      status: 405,
      allow: "GET, HEAD, OPTIONS",
      type: JSON_TYPE,
      text: json({ error: "method_not_allowed", msg: "Method not allowed" }),
    });
    expect(await answer(app, "/protected", { method: "OPTIONS" })).toEqual({ status: 204, allow: "GET, HEAD, OPTIONS", type: null, text: "" });
  });

  test("a body that cannot be parsed, or fails the route's schema, is 400 invalid_request and never echoed", async () => {
    const { app } = appWith();
    const post = (body: string) => answer(app, "/login", { method: "POST", headers: { "content-type": "application/json" }, body });
    const malformed = { status: 400, allow: null, type: JSON_TYPE, text: json({ error: "invalid_request", msg: "Request body could not be parsed" }) };
    expect(await post('{"username":"nate","password":"hunter2-secret"')).toEqual(malformed);
    const invalid = await post('{"username":"nate","password":["hunter2-secret"]}');
    expect(invalid).toEqual({ status: 400, allow: null, type: JSON_TYPE, text: json({ error: "invalid_request", msg: "Invalid request" }) });
  });

  test("anything else thrown is 500 internal_error: logged, its text never answered", async () => {
    const { app, logged } = appWith();
    expect(await answer(app, "/broken")).toEqual({ status: 500, allow: null, type: JSON_TYPE, text: json({ error: "internal_error", msg: "Internal server error" }) });
    expect(logged).toEqual([["internal_error", "Error: db password=hunter2 at postgres://u:p@db"]]);
  });

  test("a status the app sets on purpose is left alone, and jot's refusals still pass through jot's onError hook", async () => {
    const { app, logged } = appWith(({ error }) => new Response(`refused: ${error.code}`, { status: 401 }));
    const teapot = await answer(app, "/teapot");
    expect({ status: teapot.status, text: teapot.text }).toEqual({ status: 418, text: "I'm a teapot" });
    const refused = await answer(app, "/protected");
    expect({ status: refused.status, text: refused.text }).toEqual({ status: 401, text: "refused: missing_token" });
    expect(logged).toEqual([]);
  });
});
