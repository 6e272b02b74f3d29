import { describe, expect, test } from "bun:test";
import { refusal } from "../../test/config-refusal.ts";
import { loadConfig } from "./load-config.ts";

describe("PASSWORD_HASH_CONCURRENCY, PASSWORD_HASH_QUEUE and PASSWORD_HASH_SHARE", () => {
  test("default to one hash at a time with 4 waiting, never resting, and take whole numbers and a share", () => {
    expect([
      loadConfig({}).passwordWork,
      loadConfig({ PASSWORD_HASH_CONCURRENCY: "4", PASSWORD_HASH_QUEUE: "0", PASSWORD_HASH_SHARE: "0.25" }).passwordWork,
    ]).toEqual([
      { concurrency: 1, queue: 4, share: 1 },
      { concurrency: 4, queue: 0, share: 0.25 },
    ]);
  });

  test("a share that is not more than 0 and at most 1 is refused", () => {
    for (const share of ["0", "1.5", "half", "-0.5"]) {
      expect(refusal({ PASSWORD_HASH_SHARE: share })).toBe(`PASSWORD_HASH_SHARE: expected a share more than 0 and at most 1 (such as 0.5), got "${share}"`);
    }
  });

  test("a value that would never hash, or is not a whole number, is refused with one line naming the variable", () => {
    expect([refusal({ PASSWORD_HASH_CONCURRENCY: "0" }), refusal({ PASSWORD_HASH_QUEUE: "-1" }), refusal({ PASSWORD_HASH_QUEUE: "lots" })]).toEqual([
      'PASSWORD_HASH_CONCURRENCY: expected a whole number from 1 to 256, got "0"',
      'PASSWORD_HASH_QUEUE: expected a whole number from 0 to 100000, got "-1"',
      'PASSWORD_HASH_QUEUE: expected a whole number from 0 to 100000, got "lots"',
    ]);
  });
});
