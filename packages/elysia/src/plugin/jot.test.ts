import { describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { claimsOf, craftToken, EXPIRED, manualClock, outcome, REVOKED } from "@jot/testing";
// Only the package's public exports: what an app of its own can use.
import { jot, MemoryRevocationStore, type JotOptions } from "../index.ts";

const SECRET = "an-app-secret-of-at-least-32-bytes!";
const challenge = (error: string, msg: string) => `Bearer realm="jot", error="${error}", error_description="${msg}"`;
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const get = (app: { handle(request: Request): Promise<Response> }, path: string, init: RequestInit = {}) =>
  app.handle(new Request(`http://localhost${path}`, init));

interface Extra {
  lang: string;
}
interface User {
  name: string;
  plan: string;
}

/** The tutorial's app, grown: every feature an app wires up through `jot()`. */
function tutorialApp(overrides: Partial<JotOptions<Extra, User>> = {}) {
  const users = new Map([["nate", { name: "Nate", plan: "pro" }]]);
  const blocklist = new Set<string>();
  const auth = jot<Extra, User>({
    secret: SECRET,
    additionalClaims: (identity) => ({ lang: identity === "nate" ? "en" : "fr" }),
    userLookup: (claims) => users.get(claims.sub) ?? null,
    isRevoked: (claims) => blocklist.has(claims.jti),
    ...overrides,
  });
  const app = new Elysia()
    .use(auth)
    .post("/login/:who", async ({ params, createAccessToken }) => ({
      access_token: await createAccessToken(params.who, { roles: params.who === "nate" ? ["admin"] : [], fresh: true }),
    }))
    .get("/protected", ({ claims, identity, user }) => ({ identity, lang: claims.lang, user }), { auth: true })
    .get("/maybe", ({ claims }) => ({ signedIn: claims !== null }), { optionalAuth: true })
    .get("/admin", () => ({ ok: true }), { auth: { roles: ["admin"] } })
    .put("/password", () => ({ ok: true }), { auth: "fresh" })
    .post("/refresh", ({ identity, createAccessToken }) => createAccessToken(identity), { auth: "refresh" })
    .delete("/logout", async ({ claims }) => {
      await auth.revoke(claims);
      return { msg: "Access token revoked" };
    }, { auth: true });
  return { auth, app, users, blocklist };
}

async function loginAs(app: ReturnType<typeof tutorialApp>["app"], who: string): Promise<string> {
  const response = await get(app, `/login/${who}`, { method: "POST" });
  return ((await response.json()) as { access_token: string }).access_token;
}

describe("jot() in an app of its own", () => {
  test("additional claims go into the token and reach the handler, with claims, identity and the looked-up user", async () => {
    const { app } = tutorialApp();
    const token = await loginAs(app, "nate");
    expect(claimsOf(token)).toMatchObject({ sub: "nate", lang: "en", roles: ["admin"], type: "access", fresh: true });
    expect(claimsOf(token)).not.toHaveProperty("sid");
    const response = await get(app, "/protected", bearer(token));
    expect(await outcome(response)).toEqual({ status: 200, body: { identity: "nate", lang: "en", user: { name: "Nate", plan: "pro" } }, challenge: null });
  });

  test("a route guarded by role answers 403 insufficient_scope naming the missing role, and 200 with it", async () => {
    const { app, users } = tutorialApp();
    users.set("ann", { name: "Ann", plan: "free" });
    expect(await outcome(await get(app, "/admin", bearer(await loginAs(app, "ann"))))).toEqual({
      status: 403,
      body: { error: "insufficient_scope", msg: "Missing role: admin" },
      challenge: challenge("insufficient_scope", "Missing role: admin"),
    });
    expect((await get(app, "/admin", bearer(await loginAs(app, "nate")))).status).toBe(200);
  });

  test("optional auth: no token is claims null; a bad token is still refused", async () => {
    const { app } = tutorialApp();
    expect(await outcome(await get(app, "/maybe"))).toEqual({ status: 200, body: { signedIn: false }, challenge: null });
    expect(await (await get(app, "/maybe", bearer(await loginAs(app, "nate")))).json()).toEqual({ signedIn: true });
    const forged = craftToken({ alg: "HS256", typ: "JWT" }, { sub: "nate" }, "another-secret-of-at-least-32-bytes");
    expect((await get(app, "/maybe", bearer(forged))).status).toBe(401);
  });

  test("the user lookup answering null is 401 user_not_found", async () => {
    const { app, users } = tutorialApp();
    const token = await loginAs(app, "nate");
    users.delete("nate");
    expect(await outcome(await get(app, "/protected", bearer(token)))).toEqual({
      status: 401,
      body: { error: "user_not_found", msg: "User not found" },
      challenge: challenge("invalid_token", "User not found"),
    });
  });

  test("the blocklist hook is asked after jot's own store: either one revokes", async () => {
    const { app, auth, blocklist } = tutorialApp();
    const byHook = await loginAs(app, "nate");
    blocklist.add(claimsOf<{ jti: string }>(byHook).jti);
    expect(await outcome(await get(app, "/protected", bearer(byHook)))).toEqual(REVOKED);
    const byStore = await loginAs(app, "nate");
    expect((await get(app, "/logout", { method: "DELETE", ...bearer(byStore) })).status).toBe(200);
    expect((await get(app, "/protected", bearer(byStore))).status).toBe(401);
    expect(await auth.revocations.isRevoked(claimsOf(byStore))).toBe(true);
    expect((await get(app, "/protected", bearer(await loginAs(app, "nate")))).status).toBe(200);
  });

  test("the claims verification hook answering false is 400 invalid_claims", async () => {
    const { app } = tutorialApp({ verifyClaims: (claims) => claims.roles.length > 0 });
    expect(await outcome(await get(app, "/protected", bearer(await loginAs(app, "nate"))))).toMatchObject({ status: 200 });
    const { app: strict } = tutorialApp({ verifyClaims: () => false });
    expect(await outcome(await get(strict, "/protected", bearer(await loginAs(strict, "nate"))))).toEqual({
      status: 400,
      body: { error: "invalid_claims", msg: "User claims verification failed" },
      challenge: null,
    });
  });

  test("the error hook reshapes a refusal but can never turn it into a success", async () => {
    const { app } = tutorialApp({
      onError: ({ error, response }) =>
        error.code === "missing_token" ? Response.json({ message: "Please sign in" }, { status: response.status }) : new Response("let it in", { status: 200 }),
    });
    expect(await outcome(await get(app, "/protected"))).toEqual({ status: 401, body: { message: "Please sign in" }, challenge: null });
    const refused = await get(app, "/admin", bearer(craftToken({ alg: "HS256", typ: "JWT" }, {}, SECRET)));
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: "invalid_token", msg: "Missing claim: type" });
  });

  test("fresh and refresh modes take only their own kind of token", async () => {
    const { app, auth } = tutorialApp();
    const fresh = await loginAs(app, "nate");
    const notFresh = await auth.createAccessToken("nate");
    const refresh = await auth.createRefreshToken("nate");
    expect((await get(app, "/password", { method: "PUT", ...bearer(fresh) })).status).toBe(200);
    expect((await outcome(await get(app, "/password", { method: "PUT", ...bearer(notFresh) }))).body).toEqual({
      error: "fresh_token_required",
      msg: "Fresh token required",
    });
    expect((await get(app, "/refresh", { method: "POST", ...bearer(refresh) })).status).toBe(200);
    expect((await outcome(await get(app, "/refresh", { method: "POST", ...bearer(fresh) }))).body).toEqual({
      error: "wrong_token_type",
      msg: "Only refresh tokens are allowed",
    });
    expect((await get(app, "/protected", bearer(refresh))).status).toBe(401);
  });

  test("tokens are minted outside a request too, with their own lifetime", async () => {
    const clock = manualClock();
    const { app, auth } = tutorialApp({ clock });
    const token = await auth.createAccessToken("nate", { expiresIn: "2m", additionalClaims: { lang: "de" } });
    const claims = claimsOf<{ iat: number; nbf: number; exp: number; lang: string }>(token);
    expect(claims).toMatchObject({ lang: "de", nbf: claims.iat, exp: claims.iat + 120 });
    expect(claims.iat).toBe(Math.floor(clock() / 1000));
    expect((await get(app, "/protected", bearer(token))).status).toBe(200);
    clock.advance(120);
    expect((await outcome(await get(app, "/protected", bearer(token)))).body).toEqual(EXPIRED.body);
  });

  test("additional claims never set a registered claim, and a claim named like a secret is refused at the call", async () => {
    const { auth } = tutorialApp();
    await expect(auth.createAccessToken("nate", { additionalClaims: { sub: "admin" } })).rejects.toThrow(
      'additional claim "sub" is a registered claim jot sets itself',
    );
    await expect(auth.createAccessToken("nate", { additionalClaims: { roles: ["admin"] } })).rejects.toThrow(TypeError);
    for (const name of ["password", "db_password", "clientSecret", "api-key", "privateKey"]) {
      await expect(auth.createAccessToken("nate", { additionalClaims: { [name]: "x" } })).rejects.toThrow("only encoded, not encrypted");
    }
    await expect(auth.createRefreshToken("nate", { additionalClaims: { profile: { pwd: "x" } } })).rejects.toThrow("only encoded, not encrypted");
    await expect(auth.createAccessToken("")).rejects.toThrow("identity must be a non-empty string");
  });

  test("tokens, one-time password seeds and recovery codes are secrets too; names that only resemble them are not", async () => {
    const { auth } = tutorialApp();
    const secrets = [
      "access_token", "refresh_token", "reset_token", "idToken", "session-token",
      "otp_seed", "totp_seed", "totpSecret", "totp_secret", "mfa_secret", "otp",
      "recovery_code", "recovery_codes", "backupCodes", "password_hash", "passcode", "card_cvv", "user_ssn",
    ];
    for (const name of secrets) {
      expect({ name, refused: await auth.createAccessToken("nate", { additionalClaims: { [name]: "x" } }).then(() => false, () => true) }).toEqual({ name, refused: true });
    }
    const plain = ["lang", "className", "token_version", "tokenType", "pwd_changed_at", "seeds_planted", "passes", "key_id"];
    for (const name of plain) {
      expect({ name, refused: await auth.createAccessToken("nate", { additionalClaims: { [name]: "x" } }).then(() => false, () => true) }).toEqual({ name, refused: false });
    }
  });

  test("revoke() of claims it cannot revoke (no jti, no finite exp) throws a TypeError instead of doing nothing", async () => {
    const { auth } = tutorialApp();
    const claims = claimsOf<{ jti: string; sub: string; exp: number }>(await auth.createAccessToken("nate"));
    const unrevocable = [
      { jti: claims.jti },
      { jti: claims.jti, exp: Number.NaN },
      { jti: claims.jti, exp: Number.POSITIVE_INFINITY },
      { jti: claims.jti, exp: String(claims.exp) },
      { exp: claims.exp },
      { jti: "", exp: claims.exp },
      { jti: 42, exp: claims.exp },
      null,
    ];
    for (const given of unrevocable) {
      await expect(auth.revoke(given as unknown as { jti: string; exp: number })).rejects.toThrow(
        "revoke(claims): expected a token's claims, with its jti and a finite exp",
      );
    }
    await auth.revoke(claims);
    expect(await auth.revocations.isRevoked(claims)).toBe(true);
  });

  test("a mistake in the configuration throws when jot() is called, never on a request", () => {
    expect(() => jot({})).toThrow("a secret (or key pair) is required");
    expect(() => jot({ secret: "short" })).toThrow("HS256 needs at least 32 random bytes");
    expect(() => jot({ secret: SECRET, accessExpires: "soon" })).toThrow('accessExpires: expected seconds or a duration such as 90s, 15m, 12h, 30d, got "soon"');
    expect(() => jot({ secret: SECRET, refreshExpires: 0 })).toThrow("refreshExpires: must be at least 1s, got 0");
    expect(() => jot({ secret: SECRET, leeway: "1h" })).toThrow("leeway: at most 300 seconds");
    const auth = jot({ secret: SECRET });
    expect(() => new Elysia().use(auth).get("/", () => "", { auth: "admin" as never })).toThrow("auth: expected true");
    expect(() => new Elysia().use(auth).get("/", () => "", { auth: { locations: ["query_string"] } })).toThrow(
      '"query_string" is not a configured token location',
    );
  });

  test("two differently configured instances are two plugins: each verifies only its own tokens", async () => {
    const first = jot({ secret: SECRET, issuer: "first" });
    const second = jot({ secret: "a-second-secret-of-at-least-32-bytes", issuer: "second" });
    const app = new Elysia()
      .use(new Elysia({ prefix: "/a" }).use(first).get("/", ({ identity }) => identity, { auth: true }))
      .use(new Elysia({ prefix: "/b" }).use(second).get("/", ({ identity }) => identity, { auth: true }));
    const fromFirst = await first.createAccessToken("ann");
    const fromSecond = await second.createAccessToken("bob");
    expect(await (await get(app, "/a", bearer(fromFirst))).text()).toBe("ann");
    expect(await (await get(app, "/b", bearer(fromSecond))).text()).toBe("bob");
    expect((await get(app, "/a", bearer(fromSecond))).status).toBe(401);
    expect((await get(app, "/b", bearer(fromFirst))).status).toBe(401);
  });

  test("revocations live where the app says: a shared store sees every instance's logout", async () => {
    const revocations = new MemoryRevocationStore();
    const one = jot({ secret: SECRET, stores: { revocations } });
    const two = jot({ secret: SECRET, stores: { revocations } });
    const token = await one.createAccessToken("nate");
    await one.revoke(claimsOf(token));
    await expect(two.authenticate(token)).rejects.toMatchObject({ code: "token_revoked" });
  });
});

describe("the Authorization header is read strictly: Bearer <token> only, never ?access_token=", () => {
  const { app } = tutorialApp();

  test("?access_token= is never read unless query_string is a configured location", async () => {
    const token = await loginAs(app, "nate");
    expect(await outcome(await get(app, `/protected?access_token=${token}`))).toEqual({
      status: 401,
      body: { error: "missing_token", msg: "Missing Authorization Header" },
      challenge: `Bearer realm="jot"`,
    });
    const queryApp = new Elysia()
      .use(jot({ secret: SECRET, tokenLocation: ["headers", "query_string"] }))
      .get("/protected", ({ identity }) => identity, { auth: true });
    expect(await (await get(queryApp, `/protected?jwt=${token}`)).text()).toBe("nate");
    // Its own parameter name is still not jot's.
    expect((await get(queryApp, `/protected?access_token=${token}`)).status).toBe(401);
  });

  test("a Bearer prefix without a space, with a tab, or another scheme, is 400 invalid_header", async () => {
    const token = await loginAs(app, "nate");
    for (const header of [`Bearer${token}`, `Basic ${token}`, `Token ${token}`, "Bearer ", `Bearer\t${token}`, `Bearer \t${token}`, `Bearer ${token} x`]) {
      expect((await outcome(await get(app, "/protected", { headers: { authorization: header } }))).body).toEqual({
        error: "invalid_header",
        msg: "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'",
      });
    }
    expect((await get(app, "/protected", { headers: { authorization: `bearer ${token}` } })).status).toBe(200);
    expect(((await (await get(app, "/protected", { headers: { authorization: `Bearer   ${token}` } })).json()) as { identity: string }).identity).toBe("nate");
  });

  test("an empty Authorization header counts as missing", async () => {
    expect(await outcome(await get(app, "/protected", { headers: { authorization: "" } }))).toEqual({
      status: 401,
      body: { error: "missing_token", msg: "Missing Authorization Header" },
      challenge: `Bearer realm="jot"`,
    });
  });
});

test("the json location reads a JSON body only, never a form's fields", async () => {
  const auth = jot({ secret: SECRET, tokenLocation: ["json"] });
  const jsonApp = new Elysia().use(auth).post("/protected", ({ identity }) => identity, { auth: true });
  const token = await auth.createAccessToken("nate");
  const post = (body: BodyInit, contentType: string) => get(jsonApp, "/protected", { method: "POST", body, headers: { "content-type": contentType } });
  expect(await (await post(JSON.stringify({ access_token: token }), "application/json")).text()).toBe("nate");
  expect(await (await post(JSON.stringify({ access_token: token }), "application/json; charset=utf-8")).text()).toBe("nate");
  const form = new FormData();
  form.set("access_token", token);
  for (const refused of [await post(`access_token=${token}`, "application/x-www-form-urlencoded"), await get(jsonApp, "/protected", { method: "POST", body: form })]) {
    expect(await outcome(refused)).toEqual({
      status: 401,
      body: { error: "missing_token", msg: 'Missing "access_token" key in json data' },
      challenge: `Bearer realm="jot"`,
    });
  }
});
