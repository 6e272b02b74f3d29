import { describe, expect, test } from "bun:test";
import { guardRefusals } from "./guard-refusals.ts";

describe("the guard's refusals follow from the route's auth mode", () => {
  test("freshness and roles add theirs", () => {
    const base = guardRefusals("access");
    expect(base).toEqual(expect.arrayContaining(["missing_token", "invalid_header", "invalid_token", "token_revoked", "wrong_token_type", "csrf_failed", "store_unavailable"]));
    expect(base).not.toContain("fresh_token_required");
    expect(base).not.toContain("insufficient_scope");
    expect(guardRefusals("fresh")).toEqual([...base, "fresh_token_required"]);
    expect(guardRefusals({ roles: ["admin"] })).toEqual([...base, "insufficient_scope"]);
    expect(guardRefusals({ roles: ["admin"], fresh: true })).toEqual([...base, "fresh_token_required", "insufficient_scope"]);
    expect(guardRefusals("refresh")).toEqual(base);
  });
});
