import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { refusal } from "../../test/config-refusal.ts";
import { claimsOf, REVOKED } from "@jot/testing";
import { setCookies } from "../../test/set-cookies.ts";
import { createTestApp, outcome, type TestApp } from "../../test/test-app.ts";

let t: TestApp;
const password = "correct horse battery";
beforeAll(async () => {
  t = await createTestApp({ JWT_TOKEN_LOCATION: "cookies" });
  await t.request("/auth/register", { method: "POST", json: { username: "cookie_alice", password } });
});
afterAll(() => t.close());

async function login(): Promise<{ cookies: ReturnType<typeof setCookies>; jar: string; refreshJar: string }> {
  const response = await t.request("/auth/login", { method: "POST", json: { username: "cookie_alice", password } });
  expect(response.status).toBe(200);
  const cookies = setCookies(response);
  return {
    cookies,
    jar: `access_token_cookie=${cookies.access_token_cookie!.value}; csrf_access_token=${cookies.csrf_access_token!.value}`,
    refreshJar: `refresh_token_cookie=${cookies.refresh_token_cookie!.value}; csrf_refresh_token=${cookies.csrf_refresh_token!.value}`,
  };
}

describe("S-22: tokens in cookies, with CSRF protection", () => {
  test("a login sets the tokens as HttpOnly cookies and their CSRF values as readable ones", async () => {
    const { cookies } = await login();
    expect(Object.keys(cookies).sort()).toEqual(["access_token_cookie", "csrf_access_token", "csrf_refresh_token", "refresh_token_cookie"]);
    expect(cookies.access_token_cookie!.attributes).toEqual(["Path=/", "Max-Age=900", "SameSite=Lax", "HttpOnly"]);
    expect(cookies.csrf_access_token!.attributes).toEqual(["Path=/", "Max-Age=900", "SameSite=Lax"]);
    expect(cookies.refresh_token_cookie!.attributes).toEqual(["Path=/auth", `Max-Age=${30 * 86400}`, "SameSite=Lax", "HttpOnly"]);
    expect(claimsOf(cookies.access_token_cookie!.value).csrf).toBe(cookies.csrf_access_token!.value);
    expect(claimsOf(cookies.refresh_token_cookie!.value).csrf).toBe(cookies.csrf_refresh_token!.value);
  });

  test("a safe request is served with the cookie alone", async () => {
    const { jar } = await login();
    expect((await t.request("/protected", { headers: { cookie: jar } })).status).toBe(200);
  });

  test("an unsafe request needs X-CSRF-TOKEN equal to the token's CSRF value", async () => {
    const { jar, cookies } = await login();
    const logout = (headers: Record<string, string>) => t.request("/auth/logout", { method: "DELETE", headers: { cookie: jar, ...headers } });
    const csrfFailure = (msg: string) => ({ status: 401, body: { error: "csrf_failed", msg }, challenge: null });
    expect(await outcome(await logout({}))).toEqual(csrfFailure("Missing CSRF token"));
    expect(await outcome(await logout({ "x-csrf-token": "forged" }))).toEqual(csrfFailure("CSRF double submit tokens do not match"));
    expect(await outcome(await logout({ "x-csrf-token": cookies.csrf_refresh_token!.value }))).toEqual(csrfFailure("CSRF double submit tokens do not match"));
    const done = await logout({ "x-csrf-token": cookies.csrf_access_token!.value });
    expect(done.status).toBe(200);
    const cleared = setCookies(done);
    expect(Object.values(cleared).map((cookie) => [cookie.value, cookie.attributes[1]])).toEqual(Array(4).fill(["", "Max-Age=0"]));
    expect((await outcome(await t.request("/protected", { headers: { cookie: jar } }))).body).toEqual(REVOKED.body);
  });

  test("a logout whose body is refused still ends the session and clears the cookies (S-28)", async () => {
    const { jar, cookies } = await login();
    const refused = await t.request("/auth/logout", {
      method: "DELETE",
      headers: { cookie: jar, "x-csrf-token": cookies.csrf_access_token!.value, "content-type": "application/json" },
      body: "{bad",
    });
    expect((await outcome(refused)).body).toEqual({ error: "invalid_request", msg: "Request body is not valid JSON" });
    expect(Object.values(setCookies(refused)).map((cookie) => [cookie.value, cookie.attributes[1]])).toEqual(Array(4).fill(["", "Max-Age=0"]));
    expect((await outcome(await t.request("/protected", { headers: { cookie: jar } }))).body).toEqual(REVOKED.body);
  });

  test("a refresh from the refresh cookie needs its CSRF value too, and sets new cookies", async () => {
    const { refreshJar, cookies } = await login();
    const refresh = (headers: Record<string, string>) => t.request("/auth/refresh", { method: "POST", headers: { cookie: refreshJar, ...headers } });
    expect((await outcome(await refresh({}))).body).toEqual({ error: "csrf_failed", msg: "Missing CSRF token" });
    const renewed = await refresh({ "x-csrf-token": cookies.csrf_refresh_token!.value });
    expect(renewed.status).toBe(200);
    const next = setCookies(renewed);
    expect(next.refresh_token_cookie!.value).not.toBe(cookies.refresh_token_cookie!.value);
    expect(claimsOf(next.access_token_cookie!.value)).toMatchObject({ fresh: false, csrf: next.csrf_access_token!.value });
  });

  test("with cookies as the only location, a bearer header is not read", async () => {
    const { cookies } = await login();
    expect(await outcome(await t.request("/protected", { token: cookies.access_token_cookie!.value }))).toEqual({
      status: 401,
      body: { error: "missing_token", msg: 'Missing cookie "access_token_cookie"' },
      challenge: `Bearer realm="jot"`,
    });
  });

  test("production sets Secure cookies and refuses to go without", async () => {
    const base = { NODE_ENV: "production", JWT_SECRET_KEY: "a-production-secret-of-32-bytes!!", AUTH_REGISTRATION: "open", JWT_TOKEN_LOCATION: "cookies" };
    expect(refusal({ ...base, JWT_COOKIE_SECURE: "false" })).toBe("JWT_COOKIE_SECURE: must be true in production: token cookies only over HTTPS");
    expect(refusal({ JWT_COOKIE_SAMESITE: "None" })).toBe("JWT_COOKIE_SAMESITE: None needs JWT_COOKIE_SECURE=true (browsers refuse it otherwise)");
    const secure = await createTestApp({ JWT_TOKEN_LOCATION: "cookies", JWT_COOKIE_SECURE: "true", JWT_COOKIE_SAMESITE: "Strict" });
    try {
      await secure.request("/auth/register", { method: "POST", json: { username: "cookie_bob", password } });
      const response = await secure.request("/auth/login", { method: "POST", json: { username: "cookie_bob", password } });
      expect(setCookies(response)["__Host-access_token_cookie"]!.attributes).toEqual(["Path=/", "Max-Age=900", "SameSite=Strict", "HttpOnly", "Secure"]);
    } finally {
      await secure.close();
    }
  });
});
