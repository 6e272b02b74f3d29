import { describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { jot } from "../index.ts";
import { authRequirement } from "../plugin/auth-mode.ts";
import { guardRefusals } from "./guard-refusals.ts";

const SECRET = "an-app-secret-of-at-least-32-bytes!";

describe("the guard's refusals are one list", () => {
  test("hooks that can refuse add their codes", () => {
    const requirement = authRequirement("access", ["headers"]);
    const base = guardRefusals(requirement);
    expect(base).not.toContain("user_not_found");
    expect(base).not.toContain("invalid_claims");
    expect(guardRefusals(requirement, { userLookup: true, verifyClaims: true })).toEqual([...base, "user_not_found", "invalid_claims"]);
  });

  test("an optional route never refuses a missing token, and refuses a bad one as every route does", () => {
    const required = guardRefusals(authRequirement("access", ["headers"]));

    expect(guardRefusals(authRequirement("optional", ["headers"]))).toEqual(required.filter((code) => code !== "missing_token"));
  });

  test("what each hook refuses with is in the list", async () => {
    const hooked = [
      { userLookup: () => null, hooks: { userLookup: true } },
      { verifyClaims: () => false, hooks: { verifyClaims: true } },
    ];
    for (const { hooks, ...options } of hooked) {
      const auth = jot({ secret: SECRET, ...options });
      const app = new Elysia().use(auth).get("/me", ({ identity }) => identity, { auth: true });
      const token = await auth.createAccessToken("alice");
      const response = await app.handle(new Request("http://localhost/me", { headers: { authorization: `Bearer ${token}` } }));
      const { error } = (await response.json()) as { error: string };
      const requirement = authRequirement("access", ["headers"]);
      expect(guardRefusals(requirement)).not.toContain(error as never);
      expect(guardRefusals(requirement, hooks)).toContain(error as never);
    }
  });
});
