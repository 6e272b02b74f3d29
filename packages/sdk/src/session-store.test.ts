import { describe, expect, test } from "bun:test";
import { serializeSession, sessionFromTokenPair, type AuthSession } from "./session.ts";
import { createSessionStore } from "./session-store.ts";
import { memoryStorage } from "./storage/memory-storage.ts";
import type { AuthStorage } from "./storage/storage.ts";
import { createFakeJotServer, deferred } from "./test-support/fake-jot-server.ts";

const server = createFakeJotServer();
const sessionFor = (jti: string): AuthSession =>
  sessionFromTokenPair(
    { access_token: server.makeToken({ jti, sub: "user-ada", iat: 1, exp: 901, type: "access" }), refresh_token: `r-${jti}`, expires_in: 900 },
    0,
  )!;

describe("createSessionStore", () => {
  test("reads the stored session once, and current is null until then", async () => {
    const stored = sessionFor("a1");
    const storage = memoryStorage();
    storage.set("jot.session", serializeSession(stored));

    const store = createSessionStore({ storage, key: "jot.session", onStorageError: () => undefined });
    const before = store.current;

    expect(before).toBeNull();
    expect(await store.ready).toEqual(stored);
    expect(store.current).toEqual(stored);
  });

  test("a stored value that is not a session is removed", async () => {
    const storage = memoryStorage();
    storage.set("jot.session", "garbage");
    const store = createSessionStore({ storage, key: "jot.session", onStorageError: () => undefined });

    expect(await store.ready).toBeNull();
    await store.replace(null);
    expect(storage.get("jot.session")).toBeNull();
  });

  test("writes happen one at a time, in call order, each resolving once written", async () => {
    const log: string[] = [];
    const gates = [deferred(), deferred()];
    let call = 0;
    const storage: AuthStorage = {
      get: () => null,
      set: async (_key, value) => {
        const gate = gates[call++];
        log.push(`start ${JSON.parse(value).access_token === one.access_token ? "one" : "two"}`);
        await gate?.promise;
        log.push("end");
      },
      remove: () => {
        log.push("remove");
      },
    };
    const one = sessionFor("a1");
    const two = sessionFor("a2");
    const store = createSessionStore({ storage, key: "jot.session", onStorageError: () => undefined });
    await store.ready;

    const first = store.replace(one);
    const second = store.replace(two);
    const third = store.replace(null);
    expect(store.current).toBeNull();
    gates[1]!.resolve();
    gates[0]!.resolve();
    await Promise.all([first, second, third]);

    expect(log).toEqual(["start one", "end", "start two", "end", "remove"]);
  });

  test("a failing storage is reported, never rejects, and memory still holds the session", async () => {
    const reported: unknown[] = [];
    const readFailure = new Error("read failed");
    const writeFailure = new Error("write failed");
    const storage: AuthStorage = {
      get: async () => {
        throw readFailure;
      },
      set: () => {
        throw writeFailure;
      },
      remove: async () => {
        throw writeFailure;
      },
    };
    const store = createSessionStore({ storage, key: "jot.session", onStorageError: (error) => reported.push(error) });
    const session = sessionFor("a1");

    expect(await store.ready).toBeNull();
    await store.replace(session);
    expect(store.current).toBe(session);
    await store.replace(null);

    expect(reported).toEqual([readFailure, writeFailure, writeFailure]);
  });

  test("a session set while the stored one is still being read is not overwritten by it", async () => {
    const read = deferred<string | null>();
    const storage: AuthStorage = { get: () => read.promise, set: () => undefined, remove: () => undefined };
    const store = createSessionStore({ storage, key: "jot.session", onStorageError: () => undefined });
    const newer = sessionFor("a2");

    await store.replace(newer);
    read.resolve(serializeSession(sessionFor("a1")));

    expect(await store.ready).toBe(newer);
    expect(store.current).toBe(newer);
  });

  test("readStored reads again after this store's queued writes, so it sees another writer's value", async () => {
    const log: string[] = [];
    const values = new Map<string, string>();
    const storage: AuthStorage = {
      get: (key) => {
        log.push("get");
        return values.get(key) ?? null;
      },
      set: async (key, value) => {
        await Promise.resolve();
        log.push("set");
        values.set(key, value);
      },
      remove: (key) => {
        values.delete(key);
      },
    };
    const store = createSessionStore({ storage, key: "jot.session", onStorageError: () => undefined });
    await store.ready;
    log.length = 0;

    void store.replace(sessionFor("a1"));
    const reading = store.readStored();
    const mine = await reading;
    values.set("jot.session", "written by another tab");
    const theirs = await store.readStored();

    expect(log).toEqual(["set", "get", "get"]);
    expect(mine).toBe(serializeSession(sessionFor("a1")));
    expect(theirs).toBe("written by another tab");
  });

  test("readStored cannot tell (undefined) while the last write failed, or when the read fails", async () => {
    let failWrites = true;
    let failReads = false;
    const reported: unknown[] = [];
    const inner = memoryStorage();
    const storage: AuthStorage = {
      get: (key) => {
        if (failReads) throw new Error("read failed");
        return inner.get(key);
      },
      set: (key, value) => {
        if (failWrites) throw new Error("write failed");
        inner.set(key, value);
      },
      remove: (key) => inner.remove(key),
    };
    const store = createSessionStore({ storage, key: "jot.session", onStorageError: (error) => reported.push(error) });
    await store.ready;

    await store.replace(sessionFor("a1"));
    const afterFailedWrite = await store.readStored();
    failWrites = false;
    await store.replace(sessionFor("a2"));
    const afterGoodWrite = await store.readStored();
    failReads = true;
    const afterFailedRead = await store.readStored();

    expect([afterFailedWrite, afterGoodWrite, afterFailedRead]).toEqual([undefined, serializeSession(sessionFor("a2")), undefined]);
    expect(reported.map((error) => (error as Error).message)).toEqual(["write failed", "read failed"]);
  });

  test("adopt makes a session current without writing it", async () => {
    const storage = memoryStorage();
    const store = createSessionStore({ storage, key: "jot.session", onStorageError: () => undefined });
    await store.ready;
    const adopted = sessionFor("a1");

    store.adopt(adopted);

    expect(store.current).toBe(adopted);
    expect(storage.get("jot.session")).toBeNull();
  });
});
