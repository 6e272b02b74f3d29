import { describe, expect, test } from "bun:test";
import { refusal } from "../../test/config-refusal.ts";
import { loadConfig } from "./load-config.ts";

describe("PASSWORD_HASH_CONCURRENCY and PASSWORD_HASH_QUEUE", () => {
  test("default to one hash at a time with 16 waiting, and take whole numbers", () => {
    expect([loadConfig({}).passwordWork, loadConfig({ PASSWORD_HASH_CONCURRENCY: "4", PASSWORD_HASH_QUEUE: "0" }).passwordWork]).toEqual([
      { concurrency: 1, queue: 16 },
      { concurrency: 4, queue: 0 },
    ]);
  });

  test("a value that would never hash, or is not a whole number, is refused with one line naming the variable", () => {
    expect([refusal({ PASSWORD_HASH_CONCURRENCY: "0" }), refusal({ PASSWORD_HASH_QUEUE: "-1" }), refusal({ PASSWORD_HASH_QUEUE: "lots" })]).toEqual([
      'PASSWORD_HASH_CONCURRENCY: expected a whole number from 1 to 256, got "0"',
      'PASSWORD_HASH_QUEUE: expected a whole number from 0 to 100000, got "-1"',
      'PASSWORD_HASH_QUEUE: expected a whole number from 0 to 100000, got "lots"',
    ]);
  });
});
