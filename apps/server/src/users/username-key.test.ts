import { describe, expect, test } from "bun:test";
import { usernameKey } from "./username-key.ts";

describe("the key a username compares by", () => {
  test("spellings that differ only in case share one key", () => {
    expect(usernameKey("Alice")).toBe(usernameKey("alice"));
    expect(usernameKey("ALICE@Example.org")).toBe("alice@example.org");
  });

  test("different names keep different keys", () => {
    expect(usernameKey("alice")).not.toBe(usernameKey("alice_"));
  });
});
