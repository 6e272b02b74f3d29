// One suite every AuthStorage adapter must pass, so the client can rely on the same behaviour
// from all of them. Not a test file itself: each adapter's test calls it.
import { describe, expect, test } from "bun:test";
import type { AuthStorage } from "./storage.ts";

/**
 * Runs the conformance suite against storages made by `make` (a fresh, empty one per test).
 *
 * @example
 * ```ts
 * describeStorageConformance("memoryStorage", memoryStorage);
 * ```
 */
export function describeStorageConformance(name: string, make: () => AuthStorage): void {
  describe(`${name} conforms to AuthStorage`, () => {
    test("an absent key reads as null", async () => {
      expect(await make().get("jot.session")).toBeNull();
    });

    test("a value set reads back exactly, and setting again replaces it", async () => {
      const storage = make();
      const value = '{"v":1,"access_token":"a.b.c","note":"ünïcode ✓"}';

      await storage.set("jot.session", "first");
      await storage.set("jot.session", value);

      expect(await storage.get("jot.session")).toBe(value);
    });

    test("remove deletes the value, and removing an absent key is not an error", async () => {
      const storage = make();
      await storage.set("jot.session", "value");

      await storage.remove("jot.session");
      await storage.remove("never-set");

      expect(await storage.get("jot.session")).toBeNull();
    });

    test("keys are independent", async () => {
      const storage = make();

      await storage.set("one", "1");
      await storage.set("two", "2");
      await storage.remove("one");

      expect([await storage.get("one"), await storage.get("two")]).toEqual([null, "2"]);
    });

    test("an empty string is a value, not an absence", async () => {
      const storage = make();

      await storage.set("jot.session", "");

      expect(await storage.get("jot.session")).toBe("");
    });
  });
}
