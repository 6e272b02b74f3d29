/**
 * Runs `task` while holding the lock called `name` and settles as `task` does. Tabs of one origin
 * that share a session take it around renewing, so only one of them presents the refresh token
 * and the others pick up its result from storage. Needs no reentrancy: the client never asks for
 * a lock it already holds.
 *
 * @example
 * ```ts
 * // one lock per process, for a server that runs several clients over one shared storage
 * const queues = new Map<string, Promise<unknown>>();
 * const inProcessLock: LockFunction = (name, task) => {
 *   const run = (queues.get(name) ?? Promise.resolve()).catch(() => undefined).then(task);
 *   queues.set(name, run);
 *   return run;
 * };
 * const auth = createAuthClient({ baseUrl: "https://jot.example", lock: inProcessLock });
 * ```
 */
export type LockFunction = <T>(name: string, task: () => Promise<T>) => Promise<T>;

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/**
 * The default {@link LockFunction}: the Web Locks API (`navigator.locks.request`), which every tab
 * and worker of an origin shares, where the runtime has it (browsers); elsewhere (Node, Bun, old
 * browsers) it runs `task` at once, and two tabs renewing together rely on the server's refresh
 * grace window (`JWT_REFRESH_REUSE_GRACE`, 10 s by default) instead.
 *
 * @example
 * ```ts
 * await webLocks("jot.session:refresh", async () => {
 *   // no other tab of this origin runs a task under this name meanwhile
 * });
 * ```
 */
export const webLocks: LockFunction = (name, task) => {
  // Looked up per call: Node 20 has no `navigator` at all, and tests install one late.
  const locks = (globalThis as { navigator?: { locks?: Partial<LockManagerLike> } }).navigator?.locks;
  if (!locks || typeof locks.request !== "function") return task();
  return (locks as LockManagerLike).request(name, () => task());
};
