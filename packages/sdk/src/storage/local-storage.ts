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
  /**
   * Where the browser fires `storage` events when another tab changes the Web Storage: what
   * {@link AuthStorage.subscribe} listens to. Injected in tests.
   * @default globalThis (the window), when it has `addEventListener`
   */
  eventTarget?: StorageEventTargetLike;
}

/**
 * The part of `window` that {@link localStorageStorage} listens to for other tabs' changes.
 *
 * @example
 * ```ts
 * const target: StorageEventTargetLike = new EventTarget(); // dispatch fake "storage" events in tests
 * ```
 */
export type StorageEventTargetLike = Pick<EventTarget, "addEventListener" | "removeEventListener">;

/**
 * A storage backed by the browser's `localStorage`, so the session survives reloads and is
 * shared by the tabs of one origin.
 *
 * Where `localStorage` is absent (a server render, Bun, Node) or refuses access (a sandboxed
 * iframe, Safari private mode, a full quota), it keeps values in memory instead of throwing, so
 * the same code runs everywhere and signing in still works for the page's lifetime.
 *
 * Tabs stay in step: it has {@link AuthStorage.subscribe}, fed by the browser's `storage` event
 * (fired in every other tab of the origin when one writes), so a client on it follows a login,
 * refresh or logout made in another tab without a reload.
 *
 * Anything in `localStorage` is readable by any script on the origin: an XSS bug can read the
 * tokens. Prefer memory storage when the page cannot afford that.
 *
 * @example
 * ```ts
 * const auth = createAuthClient({ baseUrl: "https://jot.example", storage: localStorageStorage() });
 * auth.onChange((event) => {
 *   if (event === "logout") showSignIn(); // also when the user logged out in another tab
 * });
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
      // A memory copy exists only while the last write of this key failed: it is newer than what
      // the Web Storage still holds.
      const kept = fallback.get(key);
      if (kept !== undefined) return kept;
      const target = webStorage();
      if (!target) return null;
      try {
        return target.getItem(key);
      } catch {
        return null;
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
    subscribe(key, listener) {
      const target = options.eventTarget ?? windowLike();
      if (!target) return () => undefined;
      const onStorage = (event: Event): void => {
        const { key: changed, storageArea } = event as Partial<StorageEventFields>;
        // `key` is null when another tab called clear().
        if (changed !== null && changed !== key) return;
        // sessionStorage changes fire the same event: only this storage's area counts.
        const area = webStorage();
        if (area === null || storageArea !== area) return;
        // Another tab's write is newer than a value this tab could only keep in memory.
        if (changed === null) fallback.clear();
        else fallback.delete(key);
        // The value now, not the event's `newValue`: events arrive as later tasks, and one may
        // describe a write that a newer one (this tab's own, even) has already replaced.
        let value: string | null;
        try {
          value = area.getItem(key);
        } catch {
          return;
        }
        listener(value);
      };
      target.addEventListener("storage", onStorage);
      return () => target.removeEventListener("storage", onStorage);
    },
  };
}

/** What is read from a `storage` event (declared here so no DOM `StorageEvent` is needed at run time). */
interface StorageEventFields {
  key: string | null;
  storageArea: unknown;
}

function windowLike(): StorageEventTargetLike | null {
  const candidate = globalThis as Partial<StorageEventTargetLike>;
  return typeof candidate.addEventListener === "function" && typeof candidate.removeEventListener === "function"
    ? (candidate as StorageEventTargetLike)
    : null;
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
