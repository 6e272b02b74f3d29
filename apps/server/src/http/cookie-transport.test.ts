import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { claimsOf } from "@jot/testing";
import { setCookies } from "../../test/set-cookies.ts";
import { createTestApp, outcome, type TestApp } from "../../test/test-app.ts";

const password = "correct horse battery";
const APP_ORIGIN = "https://app.example.com";

async function withApp(env: Record<string, string>, run: (t: TestApp) => Promise<void>): Promise<void> {
  const t = await createTestApp(env);
  try {
    await t.request("/auth/register", { method: "POST", json: { username: "browser_ann", password } });
    await run(t);
  } finally {
    await t.close();
  }
}

const login = (t: TestApp, headers: Record<string, string> = {}) =>
  t.request("/auth/login", { method: "POST", json: { username: "browser_ann", password }, headers });

describe("S-23: cookie tokens stay in cookies", () => {
  test("login and refresh answer the user, the claims and the lifetime, and no token, in the body", async () => {
    await withApp({ JWT_TOKEN_LOCATION: "cookies" }, async (t) => {
      const response = await login(t);
      const cookies = setCookies(response);
      const access = cookies.access_token_cookie!.value;
      const text = await response.text();
      expect(text).not.toContain(access);
      expect(text).not.toContain(cookies.refresh_token_cookie!.value);
      const { csrf: _csrf, ...claims } = claimsOf<Record<string, unknown>>(access);
      expect(JSON.parse(text)).toEqual({ token_type: "Bearer", expires_in: 900, user: { id: claims.sub, username: "browser_ann", roles: ["user"] }, claims });

      const refreshJar = `refresh_token_cookie=${cookies.refresh_token_cookie!.value}`;
      const renewed = await t.request("/auth/refresh", { method: "POST", headers: { cookie: refreshJar, "x-csrf-token": cookies.csrf_refresh_token!.value } });
      expect(renewed.status).toBe(200);
      const next = setCookies(renewed);
      const body = (await renewed.json()) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(["claims", "expires_in", "token_type", "user"]);
      expect(JSON.stringify(body)).not.toContain(next.access_token_cookie!.value);
      expect(JSON.stringify(body)).not.toContain(next.refresh_token_cookie!.value);
    });
  });

  test("beside other locations, a refresh from the cookie is still answered in cookies only; one from a header in the body only", async () => {
    await withApp({ JWT_TOKEN_LOCATION: "headers,cookies" }, async (t) => {
      const first = await login(t);
      const cookies = setCookies(first);
      const pair = (await first.json()) as { refresh_token: string };
      const fromCookie = await t.request("/auth/refresh", {
        method: "POST",
        headers: { cookie: `refresh_token_cookie=${cookies.refresh_token_cookie!.value}`, "x-csrf-token": cookies.csrf_refresh_token!.value },
      });
      expect(fromCookie.status).toBe(200);
      expect(Object.keys((await fromCookie.json()) as object).sort()).toEqual(["claims", "expires_in", "token_type", "user"]);
      expect(Object.keys(setCookies(fromCookie))).toHaveLength(4);

      const other = (await (await login(t)).json()) as { refresh_token: string };
      expect(pair.refresh_token).toBeString();
      const fromHeader = await t.request("/auth/refresh", { method: "POST", token: other.refresh_token });
      expect(Object.keys((await fromHeader.json()) as object).sort()).toEqual(["access_token", "expires_in", "refresh_token", "token_type"]);
      expect(fromHeader.headers.getSetCookie()).toEqual([]);
    });
  });

  test("Secure cookies get __Host- names (__Secure- for the refresh cookie under /auth); the refresh CSRF value is readable at /", async () => {
    await withApp({ JWT_TOKEN_LOCATION: "cookies", JWT_COOKIE_SECURE: "true" }, async (t) => {
      const cookies = setCookies(await login(t));
      expect(Object.keys(cookies).sort()).toEqual(["__Host-access_token_cookie", "__Host-csrf_access_token", "__Host-csrf_refresh_token", "__Secure-refresh_token_cookie"]);
      expect(cookies["__Host-access_token_cookie"]!.attributes).toEqual(["Path=/", "Max-Age=900", "SameSite=Lax", "HttpOnly", "Secure"]);
      expect(cookies["__Host-csrf_refresh_token"]!.attributes).toEqual(["Path=/", `Max-Age=${30 * 86400}`, "SameSite=Lax", "Secure"]);
      expect(cookies["__Secure-refresh_token_cookie"]!.attributes).toEqual(["Path=/auth", `Max-Age=${30 * 86400}`, "SameSite=Lax", "HttpOnly", "Secure"]);

      const access = cookies["__Host-access_token_cookie"]!.value;
      expect((await t.request("/protected", { headers: { cookie: `__Host-access_token_cookie=${access}` } })).status).toBe(200);
      // A sibling subdomain can plant an unprefixed cookie: it is never read.
      expect(await outcome(await t.request("/protected", { headers: { cookie: `access_token_cookie=${access}` } }))).toEqual({
        status: 401,
        body: { error: "missing_token", msg: 'Missing cookie "__Host-access_token_cookie"' },
        challenge: `Bearer realm="jot"`,
      });
      const refresh = cookies["__Secure-refresh_token_cookie"]!.value;
      const csrf = { "x-csrf-token": cookies["__Host-csrf_refresh_token"]!.value };
      expect((await t.request("/auth/refresh", { method: "POST", headers: { cookie: `refresh_token_cookie=${refresh}`, ...csrf } })).status).toBe(401);
      expect((await t.request("/auth/refresh", { method: "POST", headers: { cookie: `__Secure-refresh_token_cookie=${refresh}`, ...csrf } })).status).toBe(200);
    });
  });

  test("without Secure (development over http) the plain names are used, the refresh CSRF value also at /", async () => {
    await withApp({ JWT_TOKEN_LOCATION: "cookies" }, async (t) => {
      const cookies = setCookies(await login(t));
      expect(cookies.csrf_refresh_token!.attributes[0]).toBe("Path=/");
    });
  });
});

describe("S-24: login CSRF", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ JWT_TOKEN_LOCATION: "cookies", CORS_ORIGINS: APP_ORIGIN });
    await t.request("/auth/register", { method: "POST", json: { username: "browser_ann", password } });
  });
  afterAll(() => t.close());
  const refused = (msg: string) => ({ status: 403, body: { error: "origin_refused", msg }, challenge: null });

  test("another site's auto-submitted login form is refused 403 origin_refused, and sets no cookie", async () => {
    const form = await t.request("/auth/login", {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: `username=browser_ann&password=${encodeURIComponent(password)}`,
    });
    expect(form.headers.getSetCookie()).toEqual([]);
    expect(await outcome(form)).toEqual(refused("Requests from this origin are not allowed"));
    expect(await outcome(await login(t, { origin: "null" }))).toEqual(refused("Requests from this origin are not allowed"));
    expect(await outcome(await login(t, { "sec-fetch-site": "cross-site" }))).toEqual(refused("Cross-site requests are not allowed"));
    expect(await outcome(await login(t, { "sec-fetch-site": "same-site" }))).toEqual(refused("Cross-site requests are not allowed"));
  });

  test("every unsafe /auth request is checked, not only login", async () => {
    const evil = { origin: "https://evil.example" };
    expect((await t.request("/auth/register", { method: "POST", json: { username: "browser_eve", password }, headers: evil })).status).toBe(403);
    expect((await t.request("/auth/refresh", { method: "POST", headers: evil })).status).toBe(403);
    expect((await t.request("/auth/logout", { method: "DELETE", headers: evil })).status).toBe(403);
    expect((await t.request("/auth/me", { headers: evil })).status).toBe(401); // safe: reaches the guard
  });

  test("jot's own origin, a CORS origin, a same-origin fetch and a non-browser client may log in", async () => {
    expect((await login(t, { origin: "http://localhost" })).status).toBe(200);
    expect((await login(t, { origin: "https://localhost" })).status).toBe(200); // TLS ended at a proxy
    expect((await login(t, { origin: APP_ORIGIN })).status).toBe(200);
    expect((await login(t, { "sec-fetch-site": "same-origin" })).status).toBe(200);
    expect((await login(t, { "sec-fetch-site": "none" })).status).toBe(200);
    expect((await login(t)).status).toBe(200);
  });

  test("with tokens in headers only there are no cookies to abuse, and no origin is refused", async () => {
    await withApp({}, async (bearer) => {
      expect((await login(bearer, { origin: "https://evil.example" })).status).toBe(200);
    });
  });
});
