import { describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { craftToken, outcome } from "@jot/testing";
// Only the package's public exports: what an app of its own can use.
import { jot } from "../index.ts";

interface Account {
  plan: string;
}

/** An app whose optional route reads claims, identity and user only after checking them for null. */
function appWithOptionalRoute() {
  const lookups: string[] = [];
  const auth = jot<{ tenant: string }, Account>({
    secret: "an-app-secret-of-at-least-32-bytes!",
    additionalClaims: () => ({ tenant: "acme" }),
    userLookup: (claims) => {
      lookups.push(claims.sub);
      return { plan: "pro" };
    },
  });
  const app = new Elysia()
    .use(auth)
    .post("/login", async ({ createAccessToken }) => ({ access_token: await createAccessToken("nate") }))
    .get(
      "/greeting",
      ({ claims, identity, user }) => ({
        claims: claims === null ? null : { sub: claims.sub, tenant: claims.tenant },
        identity,
        plan: user === null ? null : user.plan,
      }),
      { optionalAuth: true },
    )
    // Untyped code's spelling of the same route: TypeScript points to `optionalAuth`, JavaScript still guards with it.
    // @ts-expect-error an optional route is { optionalAuth: true }
    .get("/untyped", ({ claims, identity }) => ({ sub: claims === null ? null : claims.sub, identity }), { auth: "optional" });
  return { app, lookups };
}

const request = (path: string, init: RequestInit = {}) => new Request(`http://localhost${path}`, init);

describe("an optional route", () => {
  test("without a token, its handler gets null claims, identity and user and answers 200; the user lookup is not asked", async () => {
    const { app, lookups } = appWithOptionalRoute();

    expect(await outcome(await app.handle(request("/greeting")))).toEqual({
      status: 200,
      body: { claims: null, identity: null, plan: null },
      challenge: null,
    });
    expect(lookups).toEqual([]);
  });

  test("with a bad token it is refused as any guarded route is, and its handler does not run", async () => {
    const { app, lookups } = appWithOptionalRoute();
    const forged = craftToken({ alg: "HS256", typ: "JWT" }, { sub: "nate" }, "another-secret-of-at-least-32-bytes");

    const response = await app.handle(request("/greeting", { headers: { authorization: `Bearer ${forged}` } }));

    expect(await outcome(response)).toEqual({
      status: 401,
      body: { error: "invalid_token", msg: "Signature verification failed" },
      challenge: 'Bearer realm="jot", error="invalid_token", error_description="Signature verification failed"',
    });
    expect(lookups).toEqual([]);
  });

  test("written { auth: \"optional\" } by untyped code, it admits no token and a good one alike", async () => {
    const { app } = appWithOptionalRoute();
    const { access_token } = (await (await app.handle(request("/login", { method: "POST" }))).json()) as { access_token: string };

    expect(await outcome(await app.handle(request("/untyped")))).toEqual({ status: 200, body: { sub: null, identity: null }, challenge: null });
    expect(await outcome(await app.handle(request("/untyped", { headers: { authorization: `Bearer ${access_token}` } })))).toEqual({
      status: 200,
      body: { sub: "nate", identity: "nate" },
      challenge: null,
    });
  });

  test("with a token, its handler gets the token's claims, identity and user", async () => {
    const { app, lookups } = appWithOptionalRoute();
    const { access_token } = (await (await app.handle(request("/login", { method: "POST" }))).json()) as { access_token: string };

    const response = await app.handle(request("/greeting", { headers: { authorization: `Bearer ${access_token}` } }));

    expect(await outcome(response)).toEqual({
      status: 200,
      body: { claims: { sub: "nate", tenant: "acme" }, identity: "nate", plan: "pro" },
      challenge: null,
    });
    expect(lookups).toEqual(["nate"]);
  });

  test("optionalAuth given anything but true is a TypeError when the route is declared, never a route left unguarded", () => {
    const auth = jot({ secret: "an-app-secret-of-at-least-32-bytes!" });

    // @ts-expect-error optionalAuth takes only true
    expect(() => new Elysia().use(auth).get("/", () => "", { optionalAuth: false })).toThrow(new TypeError("optionalAuth: expected true, got false"));
    // @ts-expect-error optionalAuth takes only true
    expect(() => new Elysia().use(auth).get("/", () => "", { optionalAuth: "yes" })).toThrow(new TypeError('optionalAuth: expected true, got "yes"'));
  });
});
