import { afterEach, describe, expect, test } from "bun:test";
import { webLocks } from "./refresh-lock.ts";

const realNavigator = Object.getOwnPropertyDescriptor(globalThis, "navigator");
afterEach(() => {
  if (realNavigator) Object.defineProperty(globalThis, "navigator", realNavigator);
  else delete (globalThis as { navigator?: unknown }).navigator;
});

function installNavigator(value: unknown): void {
  Object.defineProperty(globalThis, "navigator", { value, configurable: true, writable: true });
}

describe("webLocks", () => {
  test("runs the task under navigator.locks.request with the given name, and resolves with its result", async () => {
    const requested: string[] = [];
    installNavigator({
      locks: {
        request: async (name: string, callback: () => Promise<unknown>) => {
          requested.push(name);
          return callback();
        },
      },
    });

    const result = await webLocks("jot.session:refresh", async () => 42);

    expect(result).toBe(42);
    expect(requested).toEqual(["jot.session:refresh"]);
  });

  test("passes the task's rejection through", async () => {
    installNavigator({ locks: { request: (_name: string, callback: () => Promise<unknown>) => callback() } });
    const failure = new Error("refresh failed");

    const outcome = await webLocks("k", async () => {
      throw failure;
    }).catch((caught: unknown) => caught);

    expect(outcome).toBe(failure);
  });

  test("without Web Locks (no navigator, or no navigator.locks) runs the task at once", async () => {
    delete (globalThis as { navigator?: unknown }).navigator;
    const withoutNavigator = await webLocks("k", async () => "ran");
    installNavigator({ userAgent: "test" });
    const withoutLocks = await webLocks("k", async () => "ran too");

    expect([withoutNavigator, withoutLocks]).toEqual(["ran", "ran too"]);
  });
});
