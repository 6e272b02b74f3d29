import { describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { outcome } from "@jot/testing";
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
      { auth: "optional" },
    );
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
});
