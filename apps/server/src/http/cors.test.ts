import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, registerAndLogin, type TestApp } from "../../test/test-app.ts";

let t: TestApp;
let off: TestApp;
beforeAll(async () => {
  t = await createTestApp({ CORS_ORIGINS: "http://localhost:5173, https://app.example.com" });
  off = await createTestApp();
});
afterAll(async () => {
  await t.close();
  await off.close();
});

describe("CORS", () => {
  test("a preflight from an allowed origin is 204 with the methods and headers jot accepts", async () => {
    const response = await t.request("/auth/login", {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "POST" },
    });
    expect(response.status).toBe(204);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "access-control-allow-origin": "http://localhost:5173",
      "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS",
      "access-control-allow-headers": "authorization, content-type, x-csrf-token",
      "access-control-allow-credentials": "true",
      vary: "Origin",
    });
  });

  test("answers and errors to an allowed origin carry its CORS headers, so the page can read a 401", async () => {
    const user = await registerAndLogin(t);
    const ok = await t.request("/protected", { token: user.access, headers: { origin: "https://app.example.com" } });
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    const refused = await t.request("/protected", { headers: { origin: "https://app.example.com" } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(refused.headers.get("access-control-expose-headers")).toBe("www-authenticate, retry-after");
  });

  test("another origin, or any origin when CORS_ORIGINS is unset, gets no CORS headers", async () => {
    const other = await t.request("/health", { headers: { origin: "https://evil.example" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    expect(other.headers.get("access-control-allow-credentials")).toBeNull();
    const offRequest = await off.request("/health", { headers: { origin: "http://localhost:5173" } });
    expect(offRequest.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("a plain OPTIONS (no Access-Control-Request-Method) is no preflight: 204 with Allow, CORS headers only for an allowed origin", async () => {
    const allowed = await t.request("/protected", { method: "OPTIONS", headers: { origin: "https://app.example.com" } });
    expect({ status: allowed.status, allow: allowed.headers.get("allow"), origin: allowed.headers.get("access-control-allow-origin") }).toEqual({
      status: 204,
      allow: "GET, HEAD, OPTIONS",
      origin: "https://app.example.com",
    });
    for (const app of [t, off]) {
      const foreign = await app.request("/auth/login", { method: "OPTIONS", headers: { origin: "https://evil.example" } });
      expect({ status: foreign.status, allow: foreign.headers.get("allow"), origin: foreign.headers.get("access-control-allow-origin") }).toEqual({
        status: 204,
        allow: "POST, OPTIONS",
        origin: null,
      });
    }
  });

  test("while CORS_ORIGINS is set every answer says it varies by Origin, whatever the origin; unset, none does", async () => {
    const user = await registerAndLogin(t);
    const requests: Array<[string, RequestInit & { token?: string }]> = [
      ["/health", {}],
      ["/protected", { token: user.access }],
      ["/protected", {}],
      ["/nope", {}],
      ["/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: "{bad" }],
    ];
    for (const origin of [undefined, "https://evil.example", "https://app.example.com"]) {
      for (const [path, init] of requests) {
        const headers = { ...(init.headers as Record<string, string> | undefined), ...(origin === undefined ? {} : { origin }) };
        const response = await t.request(path, { ...init, headers });
        expect({ origin, path, vary: response.headers.get("vary") }).toEqual({ origin, path, vary: "Origin" });
        const unset = await off.request(path, { ...init, headers });
        expect({ origin, path, vary: unset.headers.get("vary") }).toEqual({ origin, path, vary: null });
      }
    }
  });

  test("a preflight from an origin that is not allowed is refused with 403 origin_refused saying why", async () => {
    const preflight = { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } };
    const refused = await t.request("/auth/login", preflight);
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    expect(refused.headers.get("vary")).toBe("Origin");
    expect(await refused.json()).toEqual({ error: "origin_refused", msg: "This origin is not in CORS_ORIGINS" });

    const whenOff = await off.request("/auth/login", { ...preflight, headers: { ...preflight.headers, origin: "http://localhost:5173" } });
    expect(whenOff.status).toBe(403);
    expect(whenOff.headers.get("access-control-allow-origin")).toBeNull();
    expect(await whenOff.json()).toEqual({ error: "origin_refused", msg: "Cross-origin requests are off: CORS_ORIGINS is unset" });
  });
});
