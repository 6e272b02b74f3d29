// Compile-only type tests of the jot() plugin, checked by `bun run typecheck` (tsc), never run.
// Each `Expect<Equal<…>>` must hold and each `@ts-expect-error` must meet an error.
import { Elysia } from "elysia";
import { jot, type JotClaims, type TokenLocation } from "../../src/index.ts";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

interface Account {
  id: string;
  plan: "free" | "pro";
}

// Additional claims are typed by the app: inferred from the additionalClaims hook...
const inferred = jot({
  secret: "an-app-secret-of-at-least-32-bytes!",
  additionalClaims: () => ({ tenant: "acme" }),
  userLookup: async (claims): Promise<Account | null> => ({ id: claims.sub, plan: "pro" }),
});
new Elysia().use(inferred).get(
  "/",
  ({ claims, identity, user }) => {
    type ClaimsHaveTenant = Expect<Equal<typeof claims.tenant, string>>;
    type IdentityIsString = Expect<Equal<typeof identity, string>>;
    type UserIsTheLookupsAnswer = Expect<Equal<typeof user, Account>>;
    type RolesAreStrings = Expect<Equal<typeof claims.roles, string[]>>;
    // @ts-expect-error a claim nobody declared is not there
    void claims.undeclared;
    return user.plan;
  },
  { auth: true },
);

// ...or given as a generic.
const declared = jot<{ lang: "en" | "fr" }>({ secret: "an-app-secret-of-at-least-32-bytes!" });
new Elysia().use(declared).get(
  "/",
  ({ claims, user, createAccessToken }) => {
    type LangIsDeclared = Expect<Equal<typeof claims.lang, "en" | "fr">>;
    type NoLookupNoUser = Expect<Equal<typeof user, null>>;
    type IssuingAnswersAString = Expect<Equal<ReturnType<typeof createAccessToken>, Promise<string>>>;
    return claims.sub;
  },
  { auth: { roles: ["admin"] } },
);

export type ClaimsOfAnApp = Expect<Equal<JotClaims<{ lang: string }>["lang"], string>>;
export const issuing: Promise<string> = declared.createAccessToken("nate", { additionalClaims: { lang: "en" }, roles: ["admin"], fresh: true });
// @ts-expect-error the identity is a string
void declared.createAccessToken(42);
// @ts-expect-error auth takes only the modes the guard knows
new Elysia().use(declared).get("/", () => "", { auth: "admin" });

// Every mode but "optional" admits only with a token: claims, identity and user are never null there,
// and carry the app's claims and user type.
type Guarded = { claims: JotClaims<{ tenant: string }>; identity: string; user: Account };
new Elysia()
  .use(inferred)
  .get("/true", ({ claims, identity, user }) => {
    const context = { claims, identity, user };
    type NonNull = Expect<Equal<typeof context, Guarded>>;
    return `${claims.sub} ${claims.tenant} ${identity} ${user.plan}`;
  }, { auth: true })
  .get("/access", ({ claims, identity, user }) => {
    const context = { claims, identity, user };
    type NonNull = Expect<Equal<typeof context, Guarded>>;
    return claims.sub;
  }, { auth: "access" })
  .get("/fresh", ({ claims, identity, user }) => {
    const context = { claims, identity, user };
    type NonNull = Expect<Equal<typeof context, Guarded>>;
    return claims.sub;
  }, { auth: "fresh" })
  .post("/refresh", ({ claims, identity, user }) => {
    const context = { claims, identity, user };
    type NonNull = Expect<Equal<typeof context, Guarded>>;
    return claims.sub;
  }, { auth: "refresh" })
  .get("/roles", ({ claims, identity, user }) => {
    const context = { claims, identity, user };
    type NonNull = Expect<Equal<typeof context, Guarded>>;
    return claims.sub;
  }, { auth: { roles: ["admin"], fresh: true, locations: ["headers"] } });

// An optional route runs without a token too: claims, identity, user and location are possibly null,
// and checking claims for null is what reaches the app's claims.
type MaybeGuarded = { claims: JotClaims<{ tenant: string }> | null; identity: string | null; user: Account | null; location: TokenLocation | null };
new Elysia().use(inferred).get(
  "/maybe",
  ({ claims, identity, user, location }) => {
    const context = { claims, identity, user, location };
    type Nullable = Expect<Equal<typeof context, MaybeGuarded>>;
    return claims === null ? "anonymous" : `${claims.sub} ${claims.tenant}`;
  },
  { optionalAuth: true },
);
// @ts-expect-error an optional route is { optionalAuth: true }, so its claims can be typed as possibly null
new Elysia().use(inferred).get("/maybe", () => "", { auth: "optional" });
