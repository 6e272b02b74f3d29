import type { AuthStorage } from "./storage.ts";

/**
 * A storage that lives as long as the process or page: the default, and what servers, tests and
 * scripts want. Each call makes a new, empty storage.
 *
 * @example
 * ```ts
 * const auth = createAuthClient({ baseUrl: "https://jot.example", storage: memoryStorage() });
 * ```
 */
export function memoryStorage(): AuthStorage {
  const values = new Map<string, string>();
  return {
    get: (key) => values.get(key) ?? null,
    set: (key, value) => {
      values.set(key, value);
    },
    remove: (key) => {
      values.delete(key);
    },
  };
}
