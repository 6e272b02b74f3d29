// The interface allows promise-returning adapters; this checks the conformance suite (and so the
// client's expectations) hold for one, e.g. an AsyncStorage or IndexedDB wrapper.
import { memoryStorage } from "./memory-storage.ts";
import type { AuthStorage } from "./storage.ts";
import { describeStorageConformance } from "./storage-conformance.ts";

function asyncOver(inner: AuthStorage): AuthStorage {
  return {
    get: async (key) => inner.get(key),
    set: async (key, value) => inner.set(key, value),
    remove: async (key) => inner.remove(key),
  };
}

describeStorageConformance("a promise-returning storage", () => asyncOver(memoryStorage()));
