import { afterAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { createThreadedPasswordHasher, PASSWORD_THREAD_NICE } from "./threaded-password-hasher.ts";

/** The nice value of each thread of this process (field 19 of its stat line). */
function threadNiceValues(): number[] {
  return readdirSync("/proc/self/task").map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
  });
}

/**
 * The threads run at nice 10 by design, so on a busy machine each argon2id hash may wait for a core
 * well past bun's 5 s default: these tests bound the wait, they never time the work.
 */
const NICED_WORK_TIMEOUT_MS = 60_000;

describe("password hashing on threads of lower priority", () => {
  const hasher = createThreadedPasswordHasher(2);
  afterAll(() => hasher.close());

  test("hashes are argon2id that Bun.password verifies, and verify answers both ways", async () => {
    const hash = await hasher.hash("correct horse");
    expect(hash).toStartWith("$argon2id$v=19$m=19456,t=2,p=1$");
    expect(await Bun.password.verify("correct horse", hash)).toBe(true);
    expect(await hasher.verify("correct horse", hash)).toBe(true);
    expect(await hasher.verify("wrong horse", hash)).toBe(false);
    expect(await hasher.verify("correct horse", "not a hash")).toBe(false);
    expect(await hasher.verifyNobody("anything")).toBe(false);
  }, NICED_WORK_TIMEOUT_MS);

  test.skipIf(process.platform !== "linux")("the hashing threads run at a lower priority; the request thread keeps its own", async () => {
    expect(await hasher.lowered()).toBe(true);
    const values = threadNiceValues();
    expect(values.filter((nice) => nice === PASSWORD_THREAD_NICE).length).toBeGreaterThanOrEqual(2);
    const ownStat = readFileSync("/proc/thread-self/stat", "utf8");
    expect(Number(ownStat.slice(ownStat.lastIndexOf(")") + 2).split(" ")[16])).toBeLessThan(PASSWORD_THREAD_NICE);
  });

  test("several logins at once are all answered", async () => {
    const hashes = await Promise.all(["a", "b", "c", "d"].map((password) => hasher.hash(password)));
    expect(await Promise.all(hashes.map((hash, index) => hasher.verify("abcd"[index]!, hash)))).toEqual([true, true, true, true]);
  }, NICED_WORK_TIMEOUT_MS);
});

describe("a hashing thread that stops", () => {
  const fixture = (name: string) => new URL(`../../test/fixtures/${name}.ts`, import.meta.url).href;

  test("fails the job it was doing, and is replaced for the next", async () => {
    const hasher = createThreadedPasswordHasher(1, undefined, fixture("crashing-password-thread"));
    try {
      expect(await hasher.hash("first")).toBe("hash of first");
      await expect(hasher.hash("crash")).rejects.toThrow("password thread");
      expect(await hasher.hash("after")).toBe("hash of after");
    } finally {
      hasher.close();
    }
  });

  test("one that cannot start fails every job at once instead of leaving a login waiting", async () => {
    const hasher = createThreadedPasswordHasher(1, undefined, fixture("broken-password-thread"));
    try {
      await expect(hasher.hash("a")).rejects.toThrow("password thread");
      await expect(hasher.verify("a", "b")).rejects.toThrow("password thread");
      expect(await hasher.lowered()).toBe(false);
    } finally {
      hasher.close();
    }
  });
});
