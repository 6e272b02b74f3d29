import { describe, expect, test } from "bun:test";
import { pruneHorizon, revokedUntil } from "./revocation-horizon.ts";

describe("the revocation horizon", () => {
  test("a revocation is kept through the leeway past the latest exp it covers", () => {
    expect(revokedUntil(1_000, 0)).toBe(1_000);
    expect(revokedUntil(1_000, 30)).toBe(1_030);
  });

  test("pruning at a time in milliseconds keeps entries the leeway still needs", () => {
    expect(pruneHorizon(1_000_000, 0)).toBe(1_000);
    expect(pruneHorizon(1_000_000, 30)).toBe(970);
    expect(pruneHorizon(1_500, 0)).toBe(1.5);
  });
});
