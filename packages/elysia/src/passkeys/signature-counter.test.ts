import { describe, expect, test } from "bun:test";
import { counterWentBackwards } from "./signature-counter.ts";

describe("the signature counter rule", () => {
  test("an authenticator that never counts (both zero) is accepted", () => {
    expect(counterWentBackwards(0, 0)).toBe(false);
  });

  test("a counter that moves forward is accepted, from zero too", () => {
    expect(counterWentBackwards(0, 1)).toBe(false);
    expect(counterWentBackwards(4, 5)).toBe(false);
  });

  test("a non-zero counter that stays, goes back, or falls to zero is a clone", () => {
    expect(counterWentBackwards(5, 5)).toBe(true);
    expect(counterWentBackwards(5, 2)).toBe(true);
    expect(counterWentBackwards(5, 0)).toBe(true);
  });
});
