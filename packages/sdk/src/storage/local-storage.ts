import type { AuthStorage } from "./storage.ts";

/**
 * The part of the Web Storage API that {@link localStorageStorage} uses.
 *
 * @example
 * ```ts
 * const fake: WebStorageLike = { getItem: () => null, setItem: () => {}, removeItem: () => {} };
 * ```
 */
export type WebStorageLike = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/**
 * Options of {@link localStorageStorage}.
 *
 * @example
 * ```ts
 * localStorageStorage({ localStorage: window.sessionStorage }); // forget the session when the tab closes
 * ```
 */
export interface LocalStorageStorageOptions {
  /**
   * The Web Storage to use.
   * @default globalThis.localStorage, looked up on every call
   */
  localStorage?: WebStorageLike;
}

/**
 * A storage backed by the browser's `localStorage`, so the session survives reloads and is
 * shared by the tabs of one origin.
 *
 * Where `localStorage` is absent (a server render, Bun, Node) or refuses access (a sandboxed
 * iframe, Safari private mode, a full quota), it keeps values in memory instead of throwing, so
 * the same code runs everywhere and signing in still works for the page's lifetime.
 *
 * Anything in `localStorage` is readable by any script on the origin: an XSS bug can read the
 * tokens. Prefer memory storage when the page cannot afford that.
 *
 * @example
 * ```ts
 * const auth = createAuthClient({ baseUrl: "https://jot.example", storage: localStorageStorage() });
 * ```
 */
export function localStorageStorage(options: LocalStorageStorageOptions = {}): AuthStorage {
  const fallback = new Map<string, string>();

  // Looked up per call rather than once: the global can appear later (tests, late polyfills), and
  // merely reading `globalThis.localStorage` throws a SecurityError in some sandboxes.
  const webStorage = (): WebStorageLike | null => {
    if (options.localStorage) return options.localStorage;
    try {
      const candidate: unknown = (globalThis as { localStorage?: unknown }).localStorage;
      return isWebStorage(candidate) ? candidate : null;
    } catch {
      return null;
    }
  };

  return {
    get(key) {
      const target = webStorage();
      if (!target) return fallback.get(key) ?? null;
      try {
        return target.getItem(key) ?? fallback.get(key) ?? null;
      } catch {
        return fallback.get(key) ?? null;
      }
    },
    set(key, value) {
      const target = webStorage();
      try {
        if (!target) throw new Error("no localStorage");
        target.setItem(key, value);
        // A value written to memory earlier (while storage refused) must not shadow this one later.
        fallback.delete(key);
      } catch {
        fallback.set(key, value);
      }
    },
    remove(key) {
      fallback.delete(key);
      try {
        webStorage()?.removeItem(key);
      } catch {
        // Nothing was stored there if it refuses access; the memory copy is already gone.
      }
    },
  };
}

function isWebStorage(value: unknown): value is WebStorageLike {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as WebStorageLike).getItem === "function" &&
    typeof (value as WebStorageLike).setItem === "function" &&
    typeof (value as WebStorageLike).removeItem === "function"
  );
}
