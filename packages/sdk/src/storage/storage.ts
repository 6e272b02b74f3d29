/**
 * Where the client keeps its session between page loads or process restarts: one string value
 * under one key. Each method may answer synchronously or with a promise, so `localStorage`,
 * IndexedDB, React Native's AsyncStorage or a secure keychain all fit.
 *
 * The client keeps the session in memory too and reads storage at creation, and again before it
 * renews the session (another tab may have renewed it already); writes are issued in order, one at
 * a time.
 *
 * @example
 * ```ts
 * const cookieJar: AuthStorage = {
 *   get: (key) => readCookie(key),
 *   set: (key, value) => writeCookie(key, value),
 *   remove: (key) => deleteCookie(key),
 * };
 * const auth = createAuthClient({ baseUrl: "https://jot.example", storage: cookieJar });
 * ```
 */
export interface AuthStorage {
  /** The value stored under `key`, or `null` when there is none. */
  get(key: string): string | null | Promise<string | null>;
  /** Stores `value` under `key`, replacing any previous value. */
  set(key: string, value: string): void | Promise<void>;
  /** Removes the value under `key`; removing an absent key is not an error. */
  remove(key: string): void | Promise<void>;
  /**
   * Optional: calls `listener` with the value now stored (or `null`) whenever someone else (another
   * tab, another process) changed the value under `key`, and returns the function that stops it.
   * Need not be called for this storage's own `set` and `remove`; a call that brings nothing new is
   * harmless. A client whose storage has it follows sessions
   * started, renewed and ended elsewhere without a reload.
   */
  subscribe?(key: string, listener: (value: string | null) => void): () => void;
}
