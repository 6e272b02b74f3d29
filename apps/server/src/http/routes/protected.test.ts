import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { craftToken, EXPIRED } from "@jot/testing";
import { createTestApp, outcome, registerAndLogin, TEST_SECRET, type TestApp } from "../../../test/test-app.ts";

let t: TestApp;
let user: Awaited<ReturnType<typeof registerAndLogin>>;
beforeAll(async () => {
  t = await createTestApp();
  user = await registerAndLogin(t, "guard_alice");
});
afterAll(() => t.close());

const challenge = (msg: string) => `Bearer realm="jot", error="invalid_token", error_description="${msg}"`;
const tokenFailure = (error: string, msg: string) => ({ status: 401, body: { error, msg }, challenge: challenge(msg) });
const get = (init: RequestInit & { token?: string } = {}, path = "/protected") => t.request(path, init);

describe("the guard on GET /protected", () => {
  test("a valid access token reaches the handler, which greets the user by name", async () => {
    const response = await get({ token: user.access });
    expect(response.status).toBe(200);
    expect((await response.json()) as object).toEqual({ message: "Hello, guard_alice! This is a protected route." });
  });

  test("no token is 401 missing_token with a bare Bearer challenge", async () => {
    expect(await outcome(await get())).toEqual({
      status: 401,
      body: { error: "missing_token", msg: "Missing Authorization Header" },
      challenge: `Bearer realm="jot"`,
    });
  });

  test("an Authorization header that is not `Bearer <token>` is 400 invalid_header", async () => {
    const other = [`Bearer\t${user.access}`, `Bearer \t${user.access}`, `Bearer \u00a0${user.access}`, `Bearer  \u000b${user.access}`];
    for (const value of ["Basic dXNlcjpwYXNz", `Bearer${user.access}`, "Bearer", "Bearer ", `Token ${user.access}`, `Bearer ${user.access} extra`, ...other]) {
      const response = await get({ headers: { authorization: value } });
      expect(await outcome(response)).toEqual({
        status: 400,
        body: { error: "invalid_header", msg: "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'" },
        challenge: `Bearer realm="jot", error="invalid_request", error_description="Bad Authorization header. Expected 'Authorization: Bearer <JWT>'"`,
      });
    }
  });

  test("one or more spaces may separate the scheme from the token (RFC 6750 `1*SP`)", async () => {
    for (const spaces of [" ", "  ", "     "]) {
      const response = await get({ headers: { authorization: `Bearer${spaces}${user.access}` } });
      expect({ status: response.status, body: await response.json() }).toEqual({
        status: 200,
        body: { message: "Hello, guard_alice! This is a protected route." },
      });
    }
  });

  test("the scheme is matched in any letter case", async () => {
    expect((await get({ headers: { authorization: `bearer ${user.access}` } })).status).toBe(200);
  });

  test("S-22: a token in the query string is not read unless query_string is configured", async () => {
    for (const name of ["access_token", "jwt"]) {
      expect(await outcome(await get({}, `/protected?${name}=${user.access}`))).toEqual({
        status: 401,
        body: { error: "missing_token", msg: "Missing Authorization Header" },
        challenge: `Bearer realm="jot"`,
      });
    }
  });

  test("only the configured locations are read, in order", async () => {
    const other = await createTestApp({ JWT_TOKEN_LOCATION: "query_string,json" });
    try {
      const login = await other.request("/auth/register", { method: "POST", json: { username: "loc_bob", password: "correct horse battery" } });
      expect(login.status).toBe(201);
      const pair = (await (await other.request("/auth/login", { method: "POST", json: { username: "loc_bob", password: "correct horse battery" } })).json()) as { access_token: string };
      expect((await other.request(`/protected?jwt=${pair.access_token}`)).status).toBe(200);
      const header = await other.request("/protected", { token: pair.access_token });
      expect(await outcome(header)).toEqual({
        status: 401,
        body: { error: "missing_token", msg: `Missing token: Missing "jwt" query parameter; Missing "access_token" key in json data` },
        challenge: `Bearer realm="jot"`,
      });
      const json = await other.request("/auth/logout", { method: "DELETE", json: { access_token: pair.access_token } });
      expect(json.status).toBe(200);
    } finally {
      await other.close();
    }
  });

  test("an expired token is token_expired, a forged one invalid_token: they are told apart", async () => {
    const issuedAt = Math.floor(t.clock() / 1000);
    const claims = { jti: crypto.randomUUID(), sub: user.id, iat: issuedAt, nbf: issuedAt, exp: issuedAt + 60, sid: Bun.randomUUIDv7("hex", t.clock()), username: "guard_alice", roles: ["user"], type: "access", fresh: false };
    const genuine = craftToken({ alg: "HS256", typ: "JWT" }, claims, TEST_SECRET);
    const forged = craftToken({ alg: "HS256", typ: "JWT" }, claims, "not-the-server-secret-32-bytes!!");
    expect((await get({ token: genuine })).status).toBe(200);
    expect(await outcome(await get({ token: forged }))).toEqual(tokenFailure("invalid_token", "Signature verification failed"));
    t.clock.advance(60);
    try {
      expect(await outcome(await get({ token: genuine }))).toEqual(EXPIRED);
      expect(await outcome(await get({ token: forged }))).toEqual(tokenFailure("invalid_token", "Signature verification failed"));
    } finally {
      t.clock.advance(-60);
    }
  });

  test("a malformed token is invalid_token saying what is wrong", async () => {
    expect(await outcome(await get({ token: "abc.def" }))).toEqual(tokenFailure("invalid_token", "Not enough segments"));
    expect(await outcome(await get({ token: "a.b.c.d" }))).toEqual(tokenFailure("invalid_token", "Too many segments"));
  });

  test("a refresh token is wrong_token_type", async () => {
    expect(await outcome(await get({ token: user.refresh }))).toEqual(tokenFailure("wrong_token_type", "Only non-refresh tokens are allowed"));
  });

  test("S-2: an HS512 token made with our own secret is refused", async () => {
    const [, payload] = user.access.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    const switched = craftToken({ alg: "HS512", typ: "JWT" }, claims, TEST_SECRET, "sha512");
    expect(await outcome(await get({ token: switched }))).toEqual(tokenFailure("invalid_token", "The specified alg value is not allowed"));
  });

  test("the token never appears in a failure body or header", async () => {
    const [header, payload] = user.access.split(".");
    const broken = `${header}.${payload}.${"A".repeat(43)}`;
    const response = await get({ token: broken });
    const text = `${await response.text()} ${[...response.headers].join(" ")}`;
    expect(response.status).toBe(401);
    expect(text).not.toContain(payload!);
  });
});

describe("routes of your own", () => {
  test("a route added to the app opts into the guard with { auth } and receives the typed claims", async () => {
    const fresh = await createTestApp();
    // Routes are added before the app serves its first request, as an app's own code does.
    const extended = fresh.app.get("/orders", ({ user, claims }) => ({ owner: user.id, fresh: claims.fresh, roles: claims.roles }), { auth: "fresh" });
    const user = await registerAndLogin(fresh);
    const ok = await extended.handle(new Request("http://localhost/orders", { headers: { authorization: `Bearer ${user.access}` } }));
    expect((await ok.json()) as object).toEqual({ owner: user.id, fresh: true, roles: ["user"] });
    const refreshed = (await (await fresh.request("/auth/refresh", { method: "POST", token: user.refresh })).json()) as { access_token: string };
    const stale = await extended.handle(new Request("http://localhost/orders", { headers: { authorization: `Bearer ${refreshed.access_token}` } }));
    expect(await outcome(stale)).toEqual(tokenFailure("fresh_token_required", "Fresh token required"));
    await fresh.close();
  });
});
