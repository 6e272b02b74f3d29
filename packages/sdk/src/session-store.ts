import { parseStoredSession, serializeSession, type AuthSession } from "./session.ts";
import type { AuthStorage } from "./storage/storage.ts";

/**
 * The client's current session: held in memory (so it reads synchronously) and mirrored to an
 * {@link AuthStorage} under one key.
 *
 * @example
 * ```ts
 * const store = createSessionStore({ storage: memoryStorage(), key: "jot.session", onStorageError: console.error });
 * await store.ready;
 * await store.replace(session);
 * store.current === session; // true
 * ```
 */
export interface SessionStore {
  /** The session in memory; `null` until {@link SessionStore.ready} settles when one is stored. */
  readonly current: AuthSession | null;
  /** Settles (never rejects) once the stored session has been read, with what was found. */
  readonly ready: Promise<AuthSession | null>;
  /**
   * Makes `session` current at once, then writes it (or removes the key for `null`); resolves when
   * that write is done. Writes happen in call order. A failed write does not reject: the session
   * in memory is what the running client needs, and the failure goes to `onStorageError`.
   */
  replace(session: AuthSession | null): Promise<void>;
  /**
   * Makes `session` current without writing it: for a session someone else already stored (another
   * tab). Later writes still go in call order after those already queued.
   */
  adopt(session: AuthSession | null): void;
  /**
   * Reads the stored value again, after this store's queued writes are done, so it shows what
   * others changed and never an older state of this store's own. `undefined` when it cannot tell:
   * the read failed (reported to `onStorageError`), or the last write failed, so storage is behind.
   */
  readStored(): Promise<string | null | undefined>;
}

/**
 * Options of {@link createSessionStore}.
 *
 * @example
 * ```ts
 * const options: SessionStoreOptions = { storage: localStorageStorage(), key: "jot.session", onStorageError: () => {} };
 * ```
 */
export interface SessionStoreOptions {
  storage: AuthStorage;
  /** The key the session is stored under. */
  key: string;
  /** Told about every storage call that throws or rejects. */
  onStorageError: (error: unknown) => void;
}

/**
 * Makes a {@link SessionStore} and starts reading the stored session. A stored value that is not
 * a session (another version, garbage) is removed, so it cannot be misread later.
 *
 * @example
 * ```ts
 * const store = createSessionStore({ storage, key: "jot.session", onStorageError: reportError });
 * const restored = await store.ready; // the session from the last run, or null
 * ```
 */
export function createSessionStore(options: SessionStoreOptions): SessionStore {
  const { storage, key, onStorageError } = options;
  let current: AuthSession | null = null;
  // Set once anything replaces the session, so a slow read cannot overwrite a newer session.
  let replaced = false;
  let writes: Promise<void> = Promise.resolve();
  // While the last write failed, storage holds an older state than memory and must not be read back.
  let lastWriteFailed = false;

  const enqueue = (write: () => void | Promise<void>): Promise<void> => {
    writes = writes.then(write).then(
      () => {
        lastWriteFailed = false;
      },
      (error: unknown) => {
        lastWriteFailed = true;
        onStorageError(error);
      },
    );
    return writes;
  };

  const ready = (async (): Promise<AuthSession | null> => {
    let stored: string | null;
    try {
      stored = await storage.get(key);
    } catch (error) {
      onStorageError(error);
      return current;
    }
    const session = parseStoredSession(stored);
    if (replaced) return current;
    if (session === null && stored !== null) void enqueue(() => storage.remove(key));
    current = session;
    return current;
  })();

  return {
    get current() {
      return current;
    },
    ready,
    replace(session) {
      replaced = true;
      current = session;
      return enqueue(() => (session === null ? storage.remove(key) : storage.set(key, serializeSession(session))));
    },
    adopt(session) {
      replaced = true;
      current = session;
    },
    async readStored() {
      await writes;
      if (lastWriteFailed) return undefined;
      try {
        return await storage.get(key);
      } catch (error) {
        onStorageError(error);
        return undefined;
      }
    },
  };
}
