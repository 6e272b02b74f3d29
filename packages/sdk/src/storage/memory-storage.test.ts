import { expect, test } from "bun:test";
import { memoryStorage } from "./memory-storage.ts";
import { describeStorageConformance } from "./storage-conformance.ts";

describeStorageConformance("memoryStorage", memoryStorage);

test("each memoryStorage is separate", () => {
  const one = memoryStorage();
  const two = memoryStorage();

  one.set("jot.session", "one");

  expect([one.get("jot.session"), two.get("jot.session")]).toEqual(["one", null]);
});

test("memoryStorage answers synchronously", () => {
  const storage = memoryStorage();
  storage.set("jot.session", "value");

  expect(storage.get("jot.session")).toBe("value");
});
