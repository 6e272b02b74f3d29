import { afterAll, describe, expect, test } from "bun:test";
import { sessionOf } from "@jot/testing";
import { createAuthClient, type AuthChangeEvent, type AuthClient, type AuthStorage, type FetchFunction } from "@jot/sdk";
import { createTestApp, type TestApp } from "../test/test-app.ts";

// The SDK in cookie transport against the real app in process, with a small browser stand-in:
// one cookie jar (HttpOnly cookies hidden from the page, paths and Max-Age honoured on the app's
// clock, so an access cookie is gone once its token expired, as in a browser) and one
// storage shared by every tab, which tells the other tabs of each write.

const PASSWORD = "correct horse battery";
const BASE_URL = "http://localhost";

interface Cookie {
  value: string;
  path: string;
  httpOnly: boolean;
  expiresAt: number;
}

/** One browser: its cookie jar, its shared storage, and every request its tabs sent. */
function createBrowser(t: TestApp) {
  const jar = new Map<string, Cookie>();
  const values = new Map<string, string>();
  const listeners = new Set<(key: string, value: string | null) => void>();
  const requests: Array<{ line: string; csrf: string | null; authorization: string | null }> = [];

  const live = () => [...jar].filter(([, cookie]) => cookie.expiresAt > t.clock());
  const fetch: FetchFunction = async (input, init) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    const sent = live().filter(([, cookie]) => path === cookie.path || path.startsWith(`${cookie.path === "/" ? "" : cookie.path}/`));
    if (sent.length > 0) request.headers.set("cookie", sent.map(([name, cookie]) => `${name}=${cookie.value}`).join("; "));
    requests.push({ line: `${request.method} ${path}`, csrf: request.headers.get("x-csrf-token"), authorization: request.headers.get("authorization") });
    const response = await t.app.handle(request);
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split("; ");
      const separator = pair.indexOf("=");
      const name = pair.slice(0, separator);
      const attribute = (prefix: string) => attributes.find((a) => a.startsWith(prefix))?.slice(prefix.length);
      const maxAge = Number(attribute("Max-Age=") ?? Number.POSITIVE_INFINITY);
      if (maxAge <= 0) jar.delete(name);
      else jar.set(name, { value: pair.slice(separator + 1), path: attribute("Path=") ?? "/", httpOnly: attributes.includes("HttpOnly"), expiresAt: t.clock() + maxAge * 1000 });
    }
    return response;
  };

  const storage = (): AuthStorage => {
    const own = (key: string, value: string | null) => {
      for (const listener of listeners) if (listener !== notify) queueMicrotask(() => listener(key, value));
    };
    let notify: ((key: string, value: string | null) => void) | null = null;
    return {
      get: (key) => values.get(key) ?? null,
      set: (key, value) => void (values.set(key, value), own(key, value)),
      remove: (key) => void (values.delete(key), own(key, null)),
      subscribe(key, listener) {
        notify = (changed, value) => changed === key && listener(value);
        listeners.add(notify);
        return () => listeners.delete(notify!);
      },
    };
  };

  /** What `document.cookie` shows the page: every cookie but the HttpOnly ones. */
  const documentCookie = () => live().filter(([, cookie]) => !cookie.httpOnly).map(([name, cookie]) => `${name}=${cookie.value}`).join("; ");

  return { jar, values, requests, fetch, storage, documentCookie };
}

const apps: TestApp[] = [];
const clients: AuthClient[] = [];
afterAll(async () => {
  for (const client of clients) client.close();
  await Promise.all(apps.map((app) => app.close()));
});

async function setUp() {
  const t = await createTestApp({ JWT_TOKEN_LOCATION: "cookies" });
  apps.push(t);
  const browser = createBrowser(t);
  const tab = () => {
    const auth = createAuthClient({ baseUrl: BASE_URL, transport: "cookies", fetch: browser.fetch, cookies: browser.documentCookie, storage: browser.storage(), now: t.clock, autoRefresh: false });
    clients.push(auth);
    const events: AuthChangeEvent[] = [];
    auth.onChange((event) => events.push(event));
    return { auth, events };
  };
  const username = `cookie-${crypto.randomUUID()}`;
  await tab().auth.register({ username, password: PASSWORD });
  return { t, browser, tab, username };
}

/** Lets the other tabs' storage notifications, queued as tasks, run. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const greeting = (username: string) => ({ message: `Hello, ${username}! This is a protected route.` });

describe("the SDK in cookie transport, against the real app", () => {
  test("a login keeps no token in the page or its storage, and calls go out with the cookies alone", async () => {
    const { browser, tab, username } = await setUp();
    const { auth } = tab();
    const session = sessionOf(await auth.login({ username, password: PASSWORD }));
    expect(session).toMatchObject({ access_token: "", refresh_token: "", claims: { username, type: "access", fresh: true } });
    const tokens = [browser.jar.get("access_token_cookie")!.value, browser.jar.get("refresh_token_cookie")!.value];
    for (const stored of browser.values.values()) for (const token of tokens) expect(stored).not.toContain(token);
    expect(browser.documentCookie()).not.toContain(tokens[0]!);

    expect(await auth.api.get("protected").json()).toEqual(greeting(username));
    expect((await auth.me()).user.username).toBe(username);
    expect(browser.requests.every((request) => request.authorization === null)).toBe(true);
  });

  test("unsafe calls carry the CSRF cookie's value as X-CSRF-TOKEN; logout ends the session on the server and clears the cookies", async () => {
    const { browser, tab, username } = await setUp();
    const { auth, events } = tab();
    await auth.login({ username, password: PASSWORD });
    const accessCookie = browser.jar.get("access_token_cookie")!.value;
    const accessCsrf = browser.jar.get("csrf_access_token")!.value;
    await auth.logout();
    expect(browser.requests.at(-1)).toEqual({ line: "DELETE /auth/logout", csrf: accessCsrf, authorization: null });
    expect(auth.session).toBeNull();
    expect(events).toEqual(["login", "logout"]);
    expect(browser.jar.size).toBe(0);
    expect(browser.values.size).toBe(0);
    const replay = await browser.fetch(`${BASE_URL}/protected`, { headers: { cookie: `access_token_cookie=${accessCookie}` } });
    expect(replay.status).toBe(401);
  });

  test("calls made after the access cookie expired share one refresh, sent with the refresh CSRF value, and are retried", async () => {
    const { t, browser, tab, username } = await setUp();
    const { auth, events } = tab();
    await auth.login({ username, password: PASSWORD });
    const firstJti = auth.session!.claims.jti;
    const refreshCsrf = browser.jar.get("csrf_refresh_token")!.value;
    t.clock.advance(901);
    const answers = await Promise.all(Array.from({ length: 5 }, () => auth.api.get("protected").json()));
    expect(answers).toEqual(Array(5).fill(greeting(username)));
    const refreshes = browser.requests.filter((request) => request.line === "POST /auth/refresh");
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]!.csrf).toBe(refreshCsrf);
    expect(auth.session!.claims.jti).not.toBe(firstJti);
    expect(events).toEqual(["login", "refresh"]);
  });

  test("a logout after the access cookie expired renews once and still ends the session on the server", async () => {
    const { t, browser, tab, username } = await setUp();
    const { auth, events } = tab();
    await auth.login({ username, password: PASSWORD });
    t.clock.advance(901);
    await auth.refresh();
    const refreshCookie = browser.jar.get("refresh_token_cookie")!.value;
    const refreshCsrf = browser.jar.get("csrf_refresh_token")!.value;
    t.clock.advance(901);
    await auth.logout();
    expect(browser.requests.map((request) => request.line).slice(-3)).toEqual(["DELETE /auth/logout", "POST /auth/refresh", "DELETE /auth/logout"]);
    expect(events).toEqual(["login", "refresh", "refresh", "logout"]);
    const replay = await t.request("/auth/refresh", { method: "POST", headers: { cookie: `refresh_token_cookie=${refreshCookie}`, "x-csrf-token": refreshCsrf } });
    expect((await replay.json()) as object).toEqual({ error: "token_revoked", msg: "Token has been revoked" });
  });

  test("another tab of the same browser follows the login, the refresh and the logout", async () => {
    const { tab, username } = await setUp();
    const first = tab();
    const second = tab();
    await first.auth.login({ username, password: PASSWORD });
    await nextTask();
    expect(second.auth.session?.claims.username).toBe(username);
    await first.auth.refresh();
    await nextTask();
    expect(second.auth.session?.claims.jti).toBe(first.auth.session!.claims.jti);
    expect(await second.auth.api.get("protected").json()).toEqual(greeting(username));
    await second.auth.logout();
    await nextTask();
    expect(first.auth.session).toBeNull();
    expect(second.events).toEqual(["login", "refresh", "logout"]);
    expect(first.events).toEqual(["login", "refresh", "logout"]);
  });
});
