/**
 * The body of a password-hashing thread (see `threaded-password-hasher.ts`): argon2id, blocking
 * this thread only, which first lowers its own CPU priority so the request thread wins the core.
 */
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";

declare const self: Worker;

/** A job from the request thread. */
export type PasswordJob =
  | { id: number; op: "hash"; password: string; params: { algorithm: "argon2id"; memoryCost: number; timeCost: number } }
  | { id: number; op: "verify"; password: string; hash: string };

/** The answer to a job, or the thread's first message (`id` 0) saying whether its priority is lowered. */
export type PasswordAnswer = { id: number; value: string | boolean } | { id: number; failure: string };

/** Nice value of the hashing threads: under contention they get about a tenth of a core. */
export const PASSWORD_THREAD_NICE = 10;

/** Lowers this thread's priority (Linux: `setpriority` on its thread id); false where it cannot. */
function lowerOwnPriority(): boolean {
  try {
    const threadId = Number(readlinkSync("/proc/thread-self").split("/").pop());
    setPriority(threadId, PASSWORD_THREAD_NICE);
    return true;
  } catch {
    return false;
  }
}

function run(job: PasswordJob): string | boolean {
  if (job.op === "hash") return Bun.password.hashSync(job.password, job.params);
  try {
    return Bun.password.verifySync(job.password, job.hash);
  } catch {
    return false; // a hash this build cannot read is a failed login, never a 500
  }
}

if (typeof self !== "undefined" && typeof postMessage === "function" && !Bun.isMainThread) {
  postMessage({ id: 0, value: lowerOwnPriority() } satisfies PasswordAnswer);
  self.onmessage = (event: MessageEvent<PasswordJob>) => {
    const job = event.data;
    try {
      postMessage({ id: job.id, value: run(job) } satisfies PasswordAnswer);
    } catch (error) {
      postMessage({ id: job.id, failure: error instanceof Error ? error.message : String(error) } satisfies PasswordAnswer);
    }
  };
}
