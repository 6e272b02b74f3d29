import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ERROR_CODES, ID_SHAPED_PATTERN, sessionPath } from "@jot/shared";
import { validate, compileErrors } from "@readme/openapi-parser";
import { documentOf, documentedPath, misfit, type OpenApiDocument } from "../../test/openapi-document.ts";
import { createTestApp, registerAndLogin, type TestApp } from "../../test/test-app.ts";
import { OPENAPI_OWN_PATHS, OPENAPI_PATHS } from "./openapi-docs.ts";

let t: TestApp;
let doc: OpenApiDocument;
beforeAll(async () => {
  t = await createTestApp();
  doc = await documentOf(t);
});
afterAll(() => t.close());

/** Whether `body` fits the document's schema for a response of this operation and status. */
function checkAgainstDocument(method: string, path: string, status: number, body: unknown): void {
  const wrong = misfit(doc, method, path, status, body);
  if (wrong !== undefined) throw new Error(wrong);
}

/** Sends the request, then checks the answer against the document: the answer jot really sends. */
async function sendAndCheck(method: string, path: string, documented: string, init: Parameters<TestApp["request"]>[1] = {}) {
  const response = await t.request(path, { method, ...init });
  const body = await response.json();
  checkAgainstDocument(method, documented, response.status, body);
  return { status: response.status, body };
}

describe("GET /openapi.json", () => {
  test("is a valid OpenAPI 3.1 document", async () => {
    expect(doc.openapi).toStartWith("3.1.");
    const result = await validate(structuredClone(doc) as never);
    if (!result.valid) throw new Error(compileErrors(result));
    expect(result.valid).toBe(true);
  });

  test("describes every route the app serves, and nothing else", () => {
    const served = t.app.routes
      .filter((route) => !OPENAPI_OWN_PATHS.includes(route.path))
      .map((route) => `${route.method.toLowerCase()} ${documentedPath(route.path)}`)
      .sort();
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`)).sort();
    expect(documented).toEqual(served);
    expect(documented).toContain("get /.well-known/jwks.json");
  });

  test("every operation documents a success and its errors, each error with the status of the shared table", () => {
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const statuses = Object.keys(operation.responses).map(Number);
        expect({ path, method, success: statuses.some((status) => status < 300) }).toEqual({ path, method, success: true });
        expect(statuses).toContain(500);
        for (const [status, response] of Object.entries(operation.responses)) {
          const schema = response.content?.["application/json"]?.schema as { properties?: { error?: { enum?: string[] } } } | undefined;
          for (const code of schema?.properties?.error?.enum ?? []) {
            expect({ code, status: Number(status) }).toEqual({ code, status: ERROR_CODES[code as keyof typeof ERROR_CODES].status });
          }
        }
      }
    }
    const refresh = doc.paths["/auth/refresh"]!.post!;
    const refreshCodes = (refresh.responses["401"]!.content!["application/json"]!.schema as { properties: { error: { enum: string[] } } }).properties.error.enum;
    expect(refreshCodes).toEqual(expect.arrayContaining(["missing_token", "token_expired", "token_revoked", "wrong_token_type"]));
  });

  test("declares the bearer and cookie security schemes, and guarded routes name them", () => {
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.securitySchemes.cookieAuth).toMatchObject({ type: "apiKey", in: "cookie", name: "access_token_cookie" });
    expect(doc.paths["/auth/me"]!.get!.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
    expect(doc.paths["/auth/login"]!.post!.security).toBeUndefined();
  });

  test("documents the request bodies the routes check, from the same shared schemas", () => {
    const login = doc.paths["/auth/login"]!.post!.requestBody!.content;
    expect(Object.keys(login).sort()).toEqual(["application/json", "application/x-www-form-urlencoded", "multipart/form-data"]);
    expect(login["application/json"]!.schema).toMatchObject({ required: ["username", "password"] });
    expect(doc.paths["/auth/register"]!.post!.requestBody!.content["application/json"]!.schema).toMatchObject({
      properties: { username: { allOf: [{ minLength: 3, maxLength: 64 }, { not: { pattern: ID_SHAPED_PATTERN } }] } },
    });
  });
});

describe("what jot really answers fits the document", () => {
  test("for every route, its success and a refusal", async () => {
    const user = await registerAndLogin(t, "openapi_alice", "openapi password one");
    // register, login
    expect((await sendAndCheck("POST", "/auth/register", "/auth/register", { json: { username: "openapi_bob", password: "a long password" } })).status).toBe(201);
    expect((await sendAndCheck("POST", "/auth/register", "/auth/register", { json: { username: "openapi_bob", password: "a long password" } })).status).toBe(409);
    expect((await sendAndCheck("POST", "/auth/register", "/auth/register", { json: { username: "openapi_bob" } })).status).toBe(400);
    expect((await sendAndCheck("POST", "/auth/login", "/auth/login", { json: { username: "openapi_bob", password: "a long password" } })).status).toBe(200);
    expect((await sendAndCheck("POST", "/auth/login", "/auth/login", { json: { username: "openapi_bob", password: "wrong password" } })).status).toBe(401);
    expect((await sendAndCheck("POST", "/auth/login", "/auth/login", { body: "{", headers: { "content-type": "application/json" } })).status).toBe(400);
    // refresh
    const refreshed = await sendAndCheck("POST", "/auth/refresh", "/auth/refresh", { token: user.refresh });
    expect(refreshed.status).toBe(200);
    expect((await sendAndCheck("POST", "/auth/refresh", "/auth/refresh", { token: user.access })).body).toMatchObject({ error: "wrong_token_type" });
    const access = (refreshed.body as { access_token: string }).access_token;
    // the guarded reads
    for (const path of ["/auth/me", "/auth/sessions", "/protected"]) {
      expect((await sendAndCheck("GET", path, path, { token: access })).status).toBe(200);
      expect((await sendAndCheck("GET", path, path)).body).toMatchObject({ error: "missing_token" });
    }
    // password (needs a fresh token), sessions, logout
    expect((await sendAndCheck("PUT", "/auth/password", "/auth/password", { token: access, json: { current_password: "x", new_password: "yyyyyyyy" } })).body).toMatchObject({
      error: "fresh_token_required",
    });
    const fresh = await registerAndLogin(t, "openapi_carol", "openapi password two");
    const changed = { current_password: "openapi password two", new_password: "openapi password three" };
    expect((await sendAndCheck("PUT", "/auth/password", "/auth/password", { token: fresh.access, json: changed })).status).toBe(200);
    const sessionId = JSON.parse(atob(access.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))).sid as string;
    expect((await sendAndCheck("DELETE", sessionPath("0190a4e2-0000-7000-8000-000000000000"), "/auth/sessions/{id}", { token: access })).status).toBe(404);
    const other = await registerAndLogin(t, "openapi_dave", "openapi password four");
    expect((await sendAndCheck("DELETE", "/auth/sessions", "/auth/sessions", { token: other.access })).status).toBe(200);
    expect((await sendAndCheck("DELETE", "/auth/logout", "/auth/logout", { token: access })).status).toBe(200);
    expect((await sendAndCheck("DELETE", sessionPath(sessionId), "/auth/sessions/{id}", { token: access })).body).toMatchObject({ error: "token_revoked" });
    // health and keys
    expect((await sendAndCheck("GET", "/health", "/health")).status).toBe(200);
    expect((await sendAndCheck("GET", "/.well-known/jwks.json", "/.well-known/jwks.json")).status).toBe(404);
  });

  test("a session deleted by id answers as documented", async () => {
    const user = await registerAndLogin(t, "openapi_erin", "openapi password five");
    const sid = JSON.parse(atob(user.access.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))).sid as string;
    expect((await sendAndCheck("DELETE", sessionPath(sid), "/auth/sessions/{id}", { token: user.access })).status).toBe(200);
  });

  test("a refused body is still the contract's error, never Elysia's 422: the documented schemas do not validate", async () => {
    const response = await t.request("/auth/login", { method: "POST", json: { username: 5, password: "secret password" } });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toEqual({ error: "invalid_request", msg: "username must be a string" });
    checkAgainstDocument("POST", "/auth/login", 400, body);
  });
});

describe("what the document says beyond the codes", () => {
  test("health's 200 says ok only; a store down is its 503", async () => {
    const down = { status: "unavailable", error: "store_unavailable", msg: "Unavailable: database", stores: { database: "unavailable" } };
    expect(misfit(doc, "GET", "/health", 200, down)).toBeString();
    expect(misfit(doc, "GET", "/health", 200, { status: "ok", stores: { database: "ok" } })).toBeUndefined();
    const broken = await createTestApp();
    await broken.close();
    const answer = await broken.request("/health");
    const body = await answer.json();
    expect({ status: answer.status, body }).toEqual({ status: 503, body: down });
    expect(misfit(doc, "GET", "/health", 503, body)).toBeUndefined();
    expect(misfit(doc, "GET", "/health", 503, { status: "ok", stores: { database: "ok" } })).toBeString();
  });

  test("POST /auth/refresh documents only what the configuration reads", async () => {
    const byDefault = doc.paths["/auth/refresh"]!.post!;
    expect({ body: byDefault.requestBody, parameters: byDefault.parameters }).toEqual({ body: undefined, parameters: undefined });
    expect(byDefault.description).toContain("The refresh token is read from the `Authorization: Bearer <token>` header (`JWT_TOKEN_LOCATION`)");

    const everywhere = await createTestApp({ JWT_TOKEN_LOCATION: "headers,json,query_string" });
    try {
      const refresh = (await documentOf(everywhere)).paths["/auth/refresh"]!.post!;
      expect(refresh.requestBody?.content["application/json"]?.schema).toMatchObject({ properties: { refresh_token: { type: "string" } } });
      expect(refresh.parameters).toEqual([{ name: "jwt", in: "query", required: false, description: "The refresh token", schema: { type: "string" } }]);
      expect(refresh.description).toContain("the `Authorization: Bearer <token>` header, then the `refresh_token` field of a JSON body, then the `jwt` query parameter");
      const user = await registerAndLogin(everywhere, "openapi_json", "openapi password six");
      const answer = await everywhere.request("/auth/refresh", { method: "POST", json: { refresh_token: user.refresh } });
      expect(answer.status).toBe(200);
    } finally {
      await everywhere.close();
    }
  });

  test("login says a multipart form's fields are text, and a file part is answered as documented", async () => {
    const body = doc.paths["/auth/login"]!.post!.requestBody!;
    expect(body.description).toContain("a file part is refused with 400 `invalid_request`");
    expect(body.content["multipart/form-data"]!.encoding).toEqual({ username: { contentType: "text/plain" }, password: { contentType: "text/plain" } });
    const form = new FormData();
    form.set("username", "openapi_alice");
    form.set("password", new File(["openapi password one"], "password.txt"));
    const refused = await sendAndCheck("POST", "/auth/login", "/auth/login", { body: form });
    expect(refused).toEqual({ status: 400, body: { error: "invalid_request", msg: "password must be a text field, not a file" } });
  });
});

describe("cookie transport and asymmetric keys", () => {
  test("the cookie login body and the JWKS fit the document too", async () => {
    const { generateKeyPairSync } = await import("node:crypto");
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const other = await createTestApp({
      JWT_TOKEN_LOCATION: "cookies",
      JWT_COOKIE_SECURE: "false",
      JWT_ALGORITHM: "ES256",
      JWT_PRIVATE_KEY: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      JWT_PUBLIC_KEY: publicKey.export({ type: "spki", format: "pem" }).toString(),
    });
    try {
      const saved = t;
      t = other;
      try {
        await t.request("/auth/register", { method: "POST", json: { username: "openapi_frank", password: "a long password" } });
        const login = await sendAndCheck("POST", "/auth/login", "/auth/login", { json: { username: "openapi_frank", password: "a long password" } });
        expect(login.body).not.toHaveProperty("access_token");
        const jwks = await sendAndCheck("GET", "/.well-known/jwks.json", "/.well-known/jwks.json");
        expect(jwks).toMatchObject({ status: 200, body: { keys: [{ kty: "EC", crv: "P-256" }] } });
      } finally {
        t = saved;
      }
    } finally {
      await other.close();
    }
  });
});

describe("with metrics on", () => {
  test("GET /metrics is documented like every other route", async () => {
    const metrics = await createTestApp({ METRICS: "on" });
    try {
      const document = await documentOf(metrics);
      const served = metrics.app.routes.filter((route) => !OPENAPI_OWN_PATHS.includes(route.path)).length;
      const documented = Object.values(document.paths).flatMap((operations) => Object.keys(operations)).length;
      expect({ documented, metrics: Object.keys(document.paths["/metrics"] ?? {}) }).toEqual({ documented: served, metrics: ["get"] });
      expect(document.paths["/metrics"]!.get!.responses["200"]!.content).toHaveProperty("text/plain");
    } finally {
      await metrics.close();
    }
  });
});

describe("GET /docs", () => {
  test("is off in production unless OPENAPI=on, with its scripts, while the document stays", async () => {
    const production = { NODE_ENV: "production", AUTH_REGISTRATION: "open", JWT_SECRET_KEY: "production-test-secret-0123456789abcdef" };
    const off = await createTestApp(production);
    const on = await createTestApp({ ...production, OPENAPI: "on" });
    try {
      const pageAndScripts = OPENAPI_OWN_PATHS.filter((path) => path !== OPENAPI_PATHS.document);
      expect(pageAndScripts.length).toBeGreaterThan(1);
      for (const path of pageAndScripts) {
        const refused = await off.request(path);
        expect({ path, status: refused.status, body: await refused.json() }).toEqual({ path, status: 404, body: { error: "not_found", msg: "Not found" } });
        expect({ path, status: (await on.request(path)).status }).toEqual({ path, status: 200 });
      }
      expect((await off.request(OPENAPI_PATHS.document)).status).toBe(200);
    } finally {
      await off.close();
      await on.close();
    }
  });
});
