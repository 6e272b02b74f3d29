// Tabs of one browser origin, simulated for the SDK's tests: one localStorage shared by all, a
// `storage` event in every other tab after each write (as a later task, as browsers do), and one
// Web Locks-like lock manager. Not part of the SDK.
import type { LockFunction } from "../refresh-lock.ts";
import type { StorageEventTargetLike, WebStorageLike } from "../storage/local-storage.ts";

/** One tab: its own view of the shared localStorage and its own window to receive events on. */
export interface FakeTab {
  localStorage: WebStorageLike;
  eventTarget: StorageEventTargetLike;
}

export interface FakeBrowser {
  /** Opens another tab on the same origin. */
  openTab(): FakeTab;
  /** The shared values. */
  readonly values: Map<string, string>;
  /** A lock shared by every tab, granted in request order like `navigator.locks.request`. */
  lock: LockFunction;
  /** Names of the locks requested so far, in order. */
  readonly lockRequests: string[];
}

export function createFakeBrowser(): FakeBrowser {
  const values = new Map<string, string>();
  const tabs: (FakeTab & { eventTarget: EventTarget })[] = [];
  const queues = new Map<string, Promise<unknown>>();
  const lockRequests: string[] = [];

  const notifyOthers = (writer: FakeTab, key: string | null, newValue: string | null) => {
    for (const tab of tabs) {
      if (tab === writer) continue;
      const event = Object.assign(new Event("storage"), { key, newValue, storageArea: tab.localStorage });
      setTimeout(() => tab.eventTarget.dispatchEvent(event), 0);
    }
  };

  return {
    values,
    lockRequests,
    openTab() {
      const tab: FakeTab & { eventTarget: EventTarget } = {
        eventTarget: new EventTarget(),
        localStorage: {
          getItem: (key) => values.get(key) ?? null,
          setItem: (key, value) => {
            if (values.get(key) === String(value)) return;
            values.set(key, String(value));
            notifyOthers(tab, key, String(value));
          },
          removeItem: (key) => {
            if (!values.has(key)) return;
            values.delete(key);
            notifyOthers(tab, key, null);
          },
        },
      };
      tabs.push(tab);
      return tab;
    },
    lock(name, task) {
      lockRequests.push(name);
      const run = (queues.get(name) ?? Promise.resolve()).then(task);
      queues.set(
        name,
        run.catch(() => undefined),
      );
      return run;
    },
  };
}
