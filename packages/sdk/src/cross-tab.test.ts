import { afterEach, describe, expect, test } from "bun:test";
import { createAuthClient, DEFAULT_STORAGE_KEY, type AuthClient, type AuthClientOptions } from "./create-auth-client.ts";
import type { AuthChangeEvent } from "./events.ts";
import type { LockFunction } from "./refresh-lock.ts";
import type { AuthSession } from "./session.ts";
import { localStorageStorage } from "./storage/local-storage.ts";
import { createFakeBrowser, type FakeBrowser } from "./test-support/fake-tabs.ts";
import { createFakeJotServer, deferred, PASSWORD, type FakeJotServer } from "./test-support/fake-jot-server.ts";
import { sessionOf } from "@jot/testing";

// Tabs of one origin: each has its own client over the same localStorage, as a page opened twice
// would. The browser's storage events and Web Locks are simulated by fake-tabs.

const BASE_URL = "http://jot.test/";
const HELLO = { message: "Hello, ada! This is a protected route." };

const clients: AuthClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

interface Tab {
  auth: AuthClient;
  events: [AuthChangeEvent, AuthSession | null][];
  /** Resolves at this tab's next session change. */
  nextChange(): Promise<[AuthChangeEvent, AuthSession | null]>;
}

function openTab(browser: FakeBrowser, server: FakeJotServer, overrides: Partial<AuthClientOptions> = {}): Tab {
  const window = browser.openTab();
  const auth = createAuthClient({
    baseUrl: BASE_URL,
    fetch: server.fetch,
    storage: localStorageStorage({ localStorage: window.localStorage, eventTarget: window.eventTarget }),
    lock: browser.lock,
    autoRefresh: false,
    ...overrides,
  });
  clients.push(auth);
  const events: Tab["events"] = [];
  auth.onChange((event, session) => events.push([event, session]));
  const nextChange = () =>
    new Promise<[AuthChangeEvent, AuthSession | null]>((resolve) => {
      const off = auth.onChange((event, session) => {
        off();
        resolve([event, session]);
      });
    });
  return { auth, events, nextChange };
}

/** Two tabs of one origin, both signed in with one session (the first logged in, the second followed). */
async function twoSignedInTabs(overrides: Partial<AuthClientOptions> = {}) {
  const browser = createFakeBrowser();
  const server = createFakeJotServer();
  const one = openTab(browser, server, overrides);
  const two = openTab(browser, server, overrides);
  await Promise.all([one.auth.ready, two.auth.ready]);
  const followed = two.nextChange();
  const session = sessionOf(await one.auth.login({ username: "ada", password: PASSWORD }));
  await followed;
  one.events.length = 0;
  two.events.length = 0;
  server.requests.length = 0;
  return { browser, server, one, two, session };
}

const tokensOf = (session: AuthSession | null) => session && { access: session.access_token, refresh: session.refresh_token };

describe("tabs sharing localStorage", () => {
  test("a login in one tab signs the other in, without a request from it", async () => {
    const browser = createFakeBrowser();
    const server = createFakeJotServer();
    const one = openTab(browser, server);
    const two = openTab(browser, server);
    expect(await two.auth.ready).toBeNull();

    const followed = two.nextChange();
    const session = sessionOf(await one.auth.login({ username: "ada", password: PASSWORD }));
    const [event, seen] = await followed;

    expect(event).toBe("login");
    expect(tokensOf(seen)).toEqual(tokensOf(session));
    expect(tokensOf(two.auth.session)).toEqual(tokensOf(session));
    expect(two.auth.session?.claims.username).toBe("ada");
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /auth/login"]);
    // The follower used the new token at once.
    expect(await two.auth.api.get("protected").json()).toEqual(HELLO);
    expect(server.requests.at(-1)?.authorization).toBe(`Bearer ${session.access_token}`);
  });

  test("a refresh in one tab reaches the other as refresh, with the new pair", async () => {
    const { one, two, server } = await twoSignedInTabs();

    const followed = two.nextChange();
    const renewed = await one.auth.refresh();
    const [event, seen] = await followed;

    expect(event).toBe("refresh");
    expect(tokensOf(seen)).toEqual(tokensOf(renewed));
    expect(two.events.map(([name]) => name)).toEqual(["refresh"]);
    expect(server.requestsTo("/auth/refresh")).toHaveLength(1);
  });

  test("a logout in one tab signs the other out, and the other sends nothing", async () => {
    const { one, two, server, browser } = await twoSignedInTabs();

    const followed = two.nextChange();
    await one.auth.logout();
    const [event, seen] = await followed;

    expect([event, seen]).toEqual(["logout", null]);
    expect(two.auth.session).toBeNull();
    expect(browser.values.has(DEFAULT_STORAGE_KEY)).toBe(false);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["DELETE /auth/logout"]);
    expect(two.events).toEqual([["logout", null]]);
  });

  test("two tabs whose access token expired together renew once and both calls succeed", async () => {
    const { one, two, server } = await twoSignedInTabs();
    server.expireAccessTokens();

    const answers = await Promise.all([one.auth.api.get("protected").json(), two.auth.api.get("protected").json()]);

    expect(answers).toEqual([HELLO, HELLO]);
    expect(server.requestsTo("/auth/refresh")).toHaveLength(1);
    expect(one.auth.session).not.toBeNull();
    expect(tokensOf(two.auth.session)).toEqual(tokensOf(one.auth.session));
    const ended = [...one.events, ...two.events].filter(([name]) => name === "logout" || name === "expired");
    expect(ended).toEqual([]);
  });

  test("a tab that waited for the lock takes the pair the other tab stored instead of renewing again", async () => {
    const { one, two, server } = await twoSignedInTabs();
    // Hold the first renewal so the second tab is certainly waiting for the lock meanwhile.
    const release = deferred();
    server.intercept(async (request) => {
      if (request.path === "/auth/refresh") await release.promise;
      return undefined;
    });

    const first = one.auth.refresh();
    const second = two.auth.refresh();
    release.resolve();
    const [renewedHere, renewedThere] = await Promise.all([first, second]);

    expect(tokensOf(renewedThere)).toEqual(tokensOf(renewedHere));
    expect(server.requestsTo("/auth/refresh")).toHaveLength(1);
  });

  test("a logout waiting for another tab's renewal revokes the renewed pair, and both tabs end signed out", async () => {
    const { one, two, server } = await twoSignedInTabs();
    const release = deferred();
    server.intercept(async (request) => {
      if (request.path === "/auth/refresh") await release.promise;
      return undefined;
    });

    const renewing = one.auth.refresh();
    const loggingOut = two.auth.logout();
    release.resolve();
    const renewed = await renewing;
    const oneSignedOut = one.nextChange();
    await loggingOut;
    await oneSignedOut;

    const logout = server.requestsTo("/auth/logout");
    expect(logout.map((r) => [r.authorization, r.body])).toEqual([[`Bearer ${renewed.access_token}`, { refresh_token: renewed.refresh_token }]]);
    expect([one.auth.session, two.auth.session]).toEqual([null, null]);
    expect(one.events.map(([name]) => name)).toEqual(["refresh", "logout"]);
  });

  test("a stored value this version cannot read is left alone rather than read as a logout", async () => {
    const { two, browser } = await twoSignedInTabs();
    const before = two.auth.session;
    const other = browser.openTab();

    other.localStorage.setItem(DEFAULT_STORAGE_KEY, '{"v":2,"something":"newer"}');
    await Bun.sleep(5); // lets the simulated storage event (a 0 ms timer) be delivered

    expect(two.auth.session).toBe(before);
    expect(two.events).toEqual([]);
  });

  test("a closed client no longer follows other tabs", async () => {
    const { one, two } = await twoSignedInTabs();
    const before = two.auth.session;
    two.auth.close();

    await one.auth.logout();
    await Bun.sleep(5); // lets the simulated storage event (a 0 ms timer) be delivered

    expect(two.auth.session).toBe(before);
    expect(two.events).toEqual([]);
  });

  test("renewals and logouts take the lock named after the storage key", async () => {
    const { one, browser } = await twoSignedInTabs({ storageKey: "app.session" });
    browser.lockRequests.length = 0;

    await one.auth.refresh();
    await one.auth.logout();

    expect(browser.lockRequests).toEqual(["app.session:refresh", "app.session:refresh"]);
  });

  test("with no lock at all, a tab still picks up a pair stored before it renews", async () => {
    const noLock: LockFunction = (_name, task) => task();
    const { one, two, server } = await twoSignedInTabs({ lock: noLock });
    const renewed = await one.auth.refresh();
    // Renew in the second tab before the storage event arrives: the re-read finds the new pair.
    const taken = await two.auth.refresh();

    expect(tokensOf(taken)).toEqual(tokensOf(renewed));
    expect(server.requestsTo("/auth/refresh")).toHaveLength(1);
  });
});
