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

describe("localStorageStorage follows other tabs", () => {
  /** A storage event as a browser fires it in the other tabs of the origin. */
  function storageEvent(fields: { key: string | null; storageArea: unknown }): Event {
    return Object.assign(new Event("storage"), fields);
  }

  function watched() {
    const area = fakeLocalStorage();
    const window = new EventTarget();
    const storage = localStorageStorage({ localStorage: area, eventTarget: window });
    const seen: (string | null)[] = [];
    const stop = storage.subscribe!("jot.session", (value) => seen.push(value));
    return { area, window, storage, seen, stop };
  }

  test("another tab's write of the key is passed on with the value now stored", () => {
    const { area, window, seen } = watched();

    area.setItem("jot.session", "from another tab");
    window.dispatchEvent(storageEvent({ key: "jot.session", storageArea: area }));
    area.removeItem("jot.session");
    window.dispatchEvent(storageEvent({ key: "jot.session", storageArea: area }));

    expect(seen).toEqual(["from another tab", null]);
  });

  test("an event that arrives after a newer write gives the newer value", () => {
    const { area, window, seen } = watched();
    area.setItem("jot.session", "newer");

    // The event for an older write, delivered late.
    window.dispatchEvent(Object.assign(storageEvent({ key: "jot.session", storageArea: area }), { newValue: "older" }));

    expect(seen).toEqual(["newer"]);
  });

  test("another tab's clear() is passed on as null", () => {
    const { area, window, seen } = watched();

    window.dispatchEvent(storageEvent({ key: null, storageArea: area }));

    expect(seen).toEqual([null]);
  });

  test("other keys, and the same key in another storage area (sessionStorage), are ignored", () => {
    const { area, window, seen } = watched();
    const sessionStorageArea = fakeLocalStorage();

    window.dispatchEvent(storageEvent({ key: "other.key", storageArea: area }));
    window.dispatchEvent(storageEvent({ key: "jot.session", storageArea: sessionStorageArea }));

    expect(seen).toEqual([]);
  });

  test("the returned function stops the listener", () => {
    const { area, window, seen, stop } = watched();

    stop();
    window.dispatchEvent(storageEvent({ key: "jot.session", storageArea: area }));

    expect(seen).toEqual([]);
  });

  test("a value kept in memory after a failed write gives way to another tab's write", () => {
    const values = new Map<string, string>();
    let full = true;
    const area: WebStorageLike = {
      getItem: (key) => values.get(key) ?? null,
      setItem: (key, value) => {
        if (full) throw new DOMException("Quota exceeded", "QuotaExceededError");
        values.set(key, value);
      },
      removeItem: (key) => {
        values.delete(key);
      },
    };
    const window = new EventTarget();
    const storage = localStorageStorage({ localStorage: area, eventTarget: window });
    const seen: (string | null)[] = [];
    storage.subscribe!("jot.session", (value) => seen.push(value));
    storage.set("jot.session", "kept in memory");
    full = false;

    values.set("jot.session", "written by another tab");
    window.dispatchEvent(storageEvent({ key: "jot.session", storageArea: area }));

    expect(seen).toEqual(["written by another tab"]);
    expect(storage.get("jot.session")).toBe("written by another tab");
  });

  test("a value kept in memory after a failed write wins over the older one the Web Storage still holds", () => {
    const values = new Map<string, string>([["jot.session", "older"]]);
    const area: WebStorageLike = {
      getItem: (key) => values.get(key) ?? null,
      setItem: () => {
        throw new DOMException("Quota exceeded", "QuotaExceededError");
      },
      removeItem: (key) => {
        values.delete(key);
      },
    };
    const storage = localStorageStorage({ localStorage: area });

    storage.set("jot.session", "newer");

    expect(storage.get("jot.session")).toBe("newer");
  });

  test("subscribing where no storage events ever fire (Bun, Node) is harmless", () => {
    const storage = localStorageStorage({ localStorage: fakeLocalStorage(), eventTarget: undefined });
    const stop = storage.subscribe!("jot.session", () => undefined);

    expect(() => stop()).not.toThrow();
  });
});
