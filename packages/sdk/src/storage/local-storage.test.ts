import { afterEach, describe, expect, test } from "bun:test";
import { localStorageStorage, type WebStorageLike } from "./local-storage.ts";
import { describeStorageConformance } from "./storage-conformance.ts";

/** A minimal Web Storage: a Map behind getItem / setItem / removeItem. */
function fakeLocalStorage(): WebStorageLike & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => {
      values.set(key, String(value));
    },
    removeItem: (key) => {
      values.delete(key);
    },
  };
}

const realDescriptor = Object.getOwnPropertyDescriptor(globalThis, "localStorage");
afterEach(() => {
  if (realDescriptor) Object.defineProperty(globalThis, "localStorage", realDescriptor);
  else delete (globalThis as { localStorage?: unknown }).localStorage;
});

function installGlobal(value: unknown): void {
  Object.defineProperty(globalThis, "localStorage", { value, configurable: true, writable: true });
}

describeStorageConformance("localStorageStorage over a given Web Storage", () => localStorageStorage({ localStorage: fakeLocalStorage() }));
describeStorageConformance("localStorageStorage without any localStorage", () => localStorageStorage());

describe("localStorageStorage", () => {
  test("writes through to the global localStorage when there is one", () => {
    const fake = fakeLocalStorage();
    installGlobal(fake);
    const storage = localStorageStorage();

    storage.set("jot.session", "value");

    expect(fake.values.get("jot.session")).toBe("value");
    expect(storage.get("jot.session")).toBe("value");
    storage.remove("jot.session");
    expect(fake.values.has("jot.session")).toBe(false);
  });

  test("reads what another tab (another storage over the same localStorage) wrote", () => {
    const fake = fakeLocalStorage();
    const tabOne = localStorageStorage({ localStorage: fake });
    const tabTwo = localStorageStorage({ localStorage: fake });

    tabOne.set("jot.session", "shared");

    expect(tabTwo.get("jot.session")).toBe("shared");
  });

  test("without a global localStorage it keeps values in memory instead of throwing", () => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
    const storage = localStorageStorage();

    storage.set("jot.session", "value");

    expect(storage.get("jot.session")).toBe("value");
  });

  test("a localStorage that refuses access falls back to memory", () => {
    Object.defineProperty(globalThis, "localStorage", {
      configurable: true,
      get() {
        throw new DOMException("The operation is insecure.", "SecurityError");
      },
    });
    const storage = localStorageStorage();

    storage.set("jot.session", "value");

    expect(storage.get("jot.session")).toBe("value");
    storage.remove("jot.session");
    expect(storage.get("jot.session")).toBeNull();
  });

  test("a full localStorage keeps the value in memory, and a later successful write wins over it", () => {
    const fake = fakeLocalStorage();
    let full = true;
    const quota: WebStorageLike = {
      getItem: (key) => fake.getItem(key),
      setItem: (key, value) => {
        if (full) throw new DOMException("Quota exceeded", "QuotaExceededError");
        fake.setItem(key, value);
      },
      removeItem: (key) => fake.removeItem(key),
    };
    const storage = localStorageStorage({ localStorage: quota });

    storage.set("jot.session", "in memory");
    const whileFull = storage.get("jot.session");
    full = false;
    storage.set("jot.session", "persisted");

    expect(whileFull).toBe("in memory");
    expect(storage.get("jot.session")).toBe("persisted");
    expect(fake.values.get("jot.session")).toBe("persisted");
  });
});
