import { ARGON2ID_PARAMS, hasherOf, type PasswordHasher } from "./password-hasher.ts";
import { PASSWORD_THREAD_NICE, type PasswordAnswer, type PasswordJob } from "./password-thread.ts";

/** Distributes the `Omit` over the job kinds. */
type JobBody = PasswordJob extends infer Job ? (Job extends PasswordJob ? Omit<Job, "id"> : never) : never;

/** One hashing thread and the jobs it owes answers to. */
class PasswordThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (value: string | boolean) => void; reject: (error: Error) => void }>();
  #nextId = 1;
  /** Whether the thread has started (it says so first); one that never did is not started again. */
  #started = false;
  /** Why the thread is gone, once it is. */
  #stopped: string | undefined;
  /** Settles with whether the thread lowered its priority (false for a thread that never started). */
  readonly lowered: Promise<boolean>;
  #announce: (lowered: boolean) => void = () => undefined;

  constructor(
    script: string,
    private readonly onExit: (thread: PasswordThread, started: boolean) => void,
  ) {
    this.#worker = new Worker(script);
    // Idle hashing threads never keep the process alive.
    (this.#worker as Worker & { unref(): void }).unref();
    this.lowered = new Promise((resolve) => (this.#announce = resolve));
    this.#worker.onmessage = (event: MessageEvent<PasswordAnswer>) => {
      const answer = event.data;
      if (answer.id === 0) {
        this.#started = true;
        return this.#announce("value" in answer && answer.value === true);
      }
      const job = this.#pending.get(answer.id);
      this.#pending.delete(answer.id);
      if ("failure" in answer) job?.reject(new Error(`password thread: ${answer.failure}`));
      else job?.resolve(answer.value);
    };
    this.#worker.addEventListener("close", () => this.#fail("password thread stopped"));
    this.#worker.onerror = (event) => {
      this.#fail(`password thread failed: ${event.message}`);
      this.#worker.terminate();
    };
  }

  get busy(): number {
    return this.#pending.size;
  }

  run(job: JobBody): Promise<string | boolean> {
    if (this.#stopped !== undefined) return Promise.reject(new Error(this.#stopped));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...job, id } as PasswordJob);
    });
  }

  /** Jobs in flight fail (a login answered 500, never left hanging); the pool decides what comes next. */
  #fail(reason: string): void {
    if (this.#stopped !== undefined) return;
    this.#stopped = reason;
    for (const job of this.#pending.values()) job.reject(new Error(reason));
    this.#pending.clear();
    this.#announce(false);
    this.onExit(this, this.#started);
  }

  terminate(): void {
    this.#worker.terminate();
  }
}

/**
 * argon2id on `threads` threads of their own, each at a lower CPU priority (nice
 * {@link PASSWORD_THREAD_NICE} on Linux). The request thread keeps its priority, so under load the
 * guard gets most of a shared core and logins the rest, instead of half and half; on an idle
 * machine a login hashes at full speed. A thread that stops is replaced. Jobs beyond `threads`
 * wait at the least busy thread: the caller bounds them (`limitPasswordWork`).
 */
export function createThreadedPasswordHasher(
  threads: number,
  params: typeof ARGON2ID_PARAMS = ARGON2ID_PARAMS,
  /** The thread's code (tests give their own). */
  script = new URL("./password-thread.ts", import.meta.url).href,
): PasswordHasher & {
  /** Whether every thread runs at the lower priority. */
  lowered(): Promise<boolean>;
  close(): void;
} {
  const pool: PasswordThread[] = [];
  // A thread that stopped after it had started is replaced; one that could not start stays stopped
  // (its jobs fail at once), rather than being started again and again.
  const replace = (thread: PasswordThread, started: boolean) => {
    const index = pool.indexOf(thread);
    if (index >= 0 && started) pool[index] = new PasswordThread(script, replace);
  };
  for (let index = 0; index < threads; index++) pool.push(new PasswordThread(script, replace));
  const leastBusy = () => pool.reduce((best, thread) => (thread.busy < best.busy ? thread : best));

  const hash = async (password: string) => (await leastBusy().run({ op: "hash", password, params: { ...params } })) as string;
  const verify = async (password: string, stored: string) => (await leastBusy().run({ op: "verify", password, hash: stored })) === true;
  return {
    ...hasherOf(hash, verify),
    lowered: async () => (await Promise.all(pool.map((thread) => thread.lowered))).every(Boolean),
    close: () => pool.splice(0).forEach((thread) => thread.terminate()),
  };
}

export { PASSWORD_THREAD_NICE };
