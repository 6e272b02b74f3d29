import { afterEach, describe, expect, test } from "bun:test";
import { isAuthError, type AuthError } from "./auth-error.ts";
import { createAuthClient, DEFAULT_STORAGE_KEY, type AuthClient, type AuthClientOptions } from "./create-auth-client.ts";
import type { AuthChangeEvent } from "./events.ts";
import type { AuthSession } from "./session.ts";
import { memoryStorage } from "./storage/memory-storage.ts";
import type { AuthStorage } from "./storage/storage.ts";
import { createFakeJotServer, deferred, error, json, PASSWORD, type FakeJotServer } from "./test-support/fake-jot-server.ts";
import { sessionOf } from "@jot/testing";
import { createFakeScheduler } from "./test-support/fake-scheduler.ts";

const BASE_URL = "http://jot.test/jot/";
const T0 = 1_750_000_000_000;

const clients: AuthClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

interface Setup {
  server: FakeJotServer;
  auth: AuthClient;
  storage: AuthStorage;
  events: [AuthChangeEvent, AuthSession | null][];
}

function setup(overrides: Partial<AuthClientOptions> = {}, server = createFakeJotServer({ basePath: "/jot" })): Setup {
  const storage = overrides.storage ?? memoryStorage();
  const auth = createAuthClient({ baseUrl: BASE_URL, fetch: server.fetch, storage, autoRefresh: false, ...overrides });
  clients.push(auth);
  const events: Setup["events"] = [];
  auth.onChange((event, session) => events.push([event, session]));
  return { server, auth, storage, events };
}

async function signedIn(overrides: Partial<AuthClientOptions> = {}, server?: FakeJotServer): Promise<Setup & { first: AuthSession }> {
  const context = setup(overrides, server);
  const first = sessionOf(await context.auth.login({ username: "ada", password: PASSWORD }));
  context.events.length = 0;
  context.server.requests.length = 0;
  return { ...context, first };
}

async function rejection(promise: Promise<unknown>): Promise<AuthError> {
  try {
    await promise;
  } catch (caught) {
    if (isAuthError(caught)) return caught;
    throw new Error(`expected an AuthError, got ${String(caught)}`);
  }
  throw new Error("expected a rejection, got a resolution");
}

function errorSummary(error: AuthError) {
  return { code: error.code, status: error.status, msg: error.msg };
}

function storedValue(storage: AuthStorage): unknown {
  const value = storage.get(DEFAULT_STORAGE_KEY);
  if (typeof value !== "string") return value;
  return JSON.parse(value);
}

const HELLO = { message: "Hello, ada! This is a protected route." };

describe("login and register", () => {
  test("login stores the token pair, exposes the decoded claims and emits login", async () => {
    const { server, auth, storage, events } = setup({ now: () => T0 });

    const session = sessionOf(await auth.login({ username: "ada", password: PASSWORD }));

    expect(session.claims).toMatchObject({ sub: "user-ada", username: "ada", type: "access", fresh: true, roles: ["user"] });
    expect(session.expires_at).toBe(T0 / 1000 + 900);
    expect(auth.session).toBe(session);
    expect(storedValue(storage)).toEqual({
      v: 1,
      access_token: session.access_token,
      refresh_token: session.refresh_token,
      expires_at: session.expires_at,
    });
    expect(events).toEqual([["login", session]]);
    expect(server.requests).toEqual([
      { method: "POST", path: "/auth/login", host: "jot.test", authorization: null, body: { username: "ada", password: PASSWORD } },
    ]);
  });

  test("a wrong password rejects with bad_credentials and changes nothing", async () => {
    const { auth, storage, events } = setup();

    const failure = await rejection(auth.login({ username: "ada", password: "wrong" }));

    expect(errorSummary(failure)).toEqual({ code: "bad_credentials", status: 401, msg: "Bad username or password" });
    expect(auth.session).toBeNull();
    expect(storage.get(DEFAULT_STORAGE_KEY)).toBeNull();
    expect(events).toEqual([]);
  });

  test("a login answer that is not a token pair rejects with internal_error and the real status", async () => {
    const { server, auth, events } = setup();
    server.intercept(() => json(200, { access_token: "opaque", refresh_token: "r" }));

    const failure = await rejection(auth.login({ username: "ada", password: PASSWORD }));

    expect(errorSummary(failure)).toEqual({ code: "internal_error", status: 200, msg: "The server's answer is malformed" });
    expect(auth.session).toBeNull();
    expect(events).toEqual([]);
  });

  test("register creates the user without signing in", async () => {
    const { server, auth, events } = setup();

    const created = await auth.register({ username: "grace", password: "a long password" });

    expect(created).toEqual({ id: "user-grace", username: "grace" });
    expect(auth.session).toBeNull();
    expect(events).toEqual([]);
    expect(server.requestsTo("/auth/register")).toHaveLength(1);
  });

  test("registering a taken name rejects with username_taken 409", async () => {
    const { auth } = setup();

    const failure = await rejection(auth.register({ username: "ada", password: "a long password" }));

    expect(errorSummary(failure)).toEqual({ code: "username_taken", status: 409, msg: "Username already exists" });
  });

  test("a missing baseUrl is refused when the client is built", () => {
    expect(() => createAuthClient({ baseUrl: "" })).toThrow(TypeError);
  });
});

describe("api", () => {
  test("every call carries the access token as a Bearer header, with or without a leading slash", async () => {
    const { server, auth, first } = await signedIn();

    const answers = [await auth.api.get("protected").json(), await auth.api.get("/protected").json()];

    expect(answers).toEqual([HELLO, HELLO]);
    expect(server.requests.map((r) => [r.method, r.host, r.path, r.authorization])).toEqual([
      ["GET", "jot.test", "/protected", `Bearer ${first.access_token}`],
      ["GET", "jot.test", "/protected", `Bearer ${first.access_token}`],
    ]);
  });

  test("me answers the signed-in user and the claims", async () => {
    const { auth, first } = await signedIn();

    const me = await auth.me();

    expect(me.user).toEqual({ id: "user-ada", username: "ada", roles: ["user"] });
    expect(me.claims).toEqual(first.claims);
  });

  test("without a session calls go out without Authorization and reject with the server's missing_token", async () => {
    const { server, auth } = setup();

    const failure = await rejection(auth.api.get("protected").json());

    expect(errorSummary(failure)).toEqual({ code: "missing_token", status: 401, msg: "Missing Authorization Header" });
    expect(server.requests.map((r) => r.authorization)).toEqual([null]);
    expect(server.requestsTo("/auth/refresh")).toEqual([]);
  });

  test("a request aimed at another origin is sent without the token", async () => {
    const { server, auth } = await signedIn();
    server.intercept(() => json(200, { ok: true }));

    await auth.api.get(new URL("http://elsewhere.test/steal")).json();

    expect(server.requests.map((r) => [r.host, r.path, r.authorization])).toEqual([["elsewhere.test", "/steal", null]]);
  });

  test("an error answer rejects with its code, status and msg", async () => {
    const { server, auth } = await signedIn();
    server.intercept(() => error(403, "insufficient_scope", "Missing role admin"));

    const failure = await rejection(auth.api.get("admin").json());

    expect(failure).toBeInstanceOf(Error);
    expect(failure.name).toBe("AuthError");
    expect(errorSummary(failure)).toEqual({ code: "insufficient_scope", status: 403, msg: "Missing role admin" });
    expect(server.requestsTo("/auth/refresh")).toEqual([]);
  });

  test("an unknown code from a newer server passes through as it is", async () => {
    const { server, auth } = await signedIn();
    server.intercept(() => error(418, "quantum_flux", "Try again in another universe"));

    const failure = await rejection(auth.api.get("protected").json());

    expect(errorSummary(failure)).toEqual({ code: "quantum_flux", status: 418, msg: "Try again in another universe" });
  });

  test("a non-JSON error answer keeps its status and takes its code from it", async () => {
    const { server, auth } = await signedIn();
    server.intercept(({ path }) =>
      new Response("<html>busy</html>", { status: path === "/busy" ? 429 : 502, headers: { "content-type": "text/html" } }),
    );

    const busy = await rejection(auth.api.get("busy", { retry: 0 }).json());
    const gateway = await rejection(auth.api.get("gateway", { retry: 0 }).json());

    expect(errorSummary(busy)).toEqual({ code: "rate_limited", status: 429, msg: "Too many requests" });
    expect(errorSummary(gateway)).toEqual({ code: "internal_error", status: 502, msg: "Unexpected answer (HTTP 502)" });
  });

  test("a fetch that throws rejects with network_error and status 0", async () => {
    const { server, auth } = await signedIn();
    const cause = new Error("connection refused");
    server.intercept(() => {
      throw cause;
    });

    const failure = await rejection(auth.api.get("protected").json());

    expect(errorSummary(failure)).toEqual({ code: "network_error", status: 0, msg: "The request got no answer" });
    expect(failure.cause).toBe(cause);
    expect(server.requests).toHaveLength(1);
  });

  test("a login whose fetch fails as a network error rejects with network_error and status 0", async () => {
    const { server, auth, events } = setup();
    server.intercept(() => {
      throw new TypeError("fetch failed");
    });

    const failure = await rejection(auth.login({ username: "ada", password: PASSWORD }));

    expect(errorSummary(failure)).toEqual({ code: "network_error", status: 0, msg: "The request got no answer" });
    expect(server.requests).toHaveLength(1);
    expect(auth.session).toBeNull();
    expect(events).toEqual([]);
  });
});

describe("logout", () => {
  test("logout revokes both tokens on the server, clears storage and emits logout", async () => {
    const { server, auth, storage, events, first } = await signedIn();

    await auth.logout();

    expect(server.requests).toEqual([
      {
        method: "DELETE",
        path: "/auth/logout",
        host: "jot.test",
        authorization: `Bearer ${first.access_token}`,
        body: { refresh_token: first.refresh_token },
      },
    ]);
    expect(auth.session).toBeNull();
    expect(storage.get(DEFAULT_STORAGE_KEY)).toBeNull();
    expect(events).toEqual([["logout", null]]);
    const after = await rejection(auth.api.get("protected").json());
    expect(after.code).toBe("missing_token");
  });

  test("logout clears storage even when the server fails, and rejects with that failure", async () => {
    const { server, auth, storage, events } = await signedIn();
    server.intercept(() => error(503, "store_unavailable", "Revocation store unreachable"));

    const failure = await rejection(auth.logout());

    expect(errorSummary(failure)).toEqual({ code: "store_unavailable", status: 503, msg: "Revocation store unreachable" });
    expect(auth.session).toBeNull();
    expect(storage.get(DEFAULT_STORAGE_KEY)).toBeNull();
    expect(events).toEqual([["logout", null]]);
    expect(server.requests).toHaveLength(1);
  });

  test("logout clears storage when the server is unreachable, and rejects with network_error", async () => {
    const { server, auth, storage, events } = await signedIn();
    server.intercept(() => {
      throw new TypeError("fetch failed");
    });

    const failure = await rejection(auth.logout());

    expect(errorSummary(failure)).toEqual({ code: "network_error", status: 0, msg: "The request got no answer" });
    expect(auth.session).toBeNull();
    expect(storage.get(DEFAULT_STORAGE_KEY)).toBeNull();
    expect(events).toEqual([["logout", null]]);
  });

  test("logout with an expired access token renews once so the server still revokes the session", async () => {
    const { server, auth, storage, events, first } = await signedIn();
    server.expireAccessTokens();

    await auth.logout();

    const second = events[0]![1]!;
    expect(server.requests.map((r) => [r.method, r.path, r.authorization, r.body])).toEqual([
      ["DELETE", "/auth/logout", `Bearer ${first.access_token}`, { refresh_token: first.refresh_token }],
      ["POST", "/auth/refresh", `Bearer ${first.refresh_token}`, undefined],
      ["DELETE", "/auth/logout", `Bearer ${second.access_token}`, { refresh_token: second.refresh_token }],
    ]);
    expect(events).toEqual([
      ["refresh", second],
      ["logout", null],
    ]);
    expect(auth.session).toBeNull();
    expect(storage.get(DEFAULT_STORAGE_KEY)).toBeNull();
  });

  test("logout with an expired access token and a revoked refresh token ends as expired", async () => {
    const { server, auth, storage, events } = await signedIn();
    server.expireAccessTokens();
    server.intercept(({ path }) => (path === "/auth/refresh" ? error(401, "token_revoked", "Token has been revoked") : undefined));

    const failure = await rejection(auth.logout());

    expect(errorSummary(failure)).toEqual({ code: "token_revoked", status: 401, msg: "Token has been revoked" });
    expect(server.requests.map((r) => r.path)).toEqual(["/auth/logout", "/auth/refresh"]);
    expect(events).toEqual([["expired", null]]);
    expect(auth.session).toBeNull();
    expect(storage.get(DEFAULT_STORAGE_KEY)).toBeNull();
  });

  test("logout when signed out sends nothing and emits nothing", async () => {
    const { server, auth, events } = setup();

    await auth.logout();

    expect(server.requests).toEqual([]);
    expect(events).toEqual([]);
  });
});

describe("refresh", () => {
  test("refresh sends the refresh token, stores the new pair and emits refresh", async () => {
    const { server, auth, storage, events, first } = await signedIn();

    const renewed = await auth.refresh();

    expect(server.requests.map((r) => [r.method, r.path, r.authorization])).toEqual([
      ["POST", "/auth/refresh", `Bearer ${first.refresh_token}`],
    ]);
    expect(renewed.access_token).not.toBe(first.access_token);
    expect(renewed.refresh_token).not.toBe(first.refresh_token);
    expect(renewed.claims.fresh).toBe(false);
    expect(auth.session).toBe(renewed);
    expect(storedValue(storage)).toMatchObject({ access_token: renewed.access_token, refresh_token: renewed.refresh_token });
    expect(events).toEqual([["refresh", renewed]]);
  });

  test("concurrent refresh() calls share one request", async () => {
    const { server, auth, events } = await signedIn();

    const [a, b, c] = await Promise.all([auth.refresh(), auth.refresh(), auth.refresh()]);

    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(server.requestsTo("/auth/refresh")).toHaveLength(1);
    expect(events).toEqual([["refresh", a]]);
  });

  test("refresh when signed out rejects with missing_token without a request", async () => {
    const { server, auth, events } = setup();

    const failure = await rejection(auth.refresh());

    expect(errorSummary(failure)).toEqual({ code: "missing_token", status: 401, msg: "Not signed in" });
    expect(server.requests).toEqual([]);
    expect(events).toEqual([]);
  });
});

describe("renewal of an expired access token", () => {
  test("20 concurrent calls after the access token expired all succeed with exactly one refresh", async () => {
    const { server, auth, events, first } = await signedIn();
    server.expireAccessTokens();

    const answers = await Promise.all(Array.from({ length: 20 }, () => auth.api.get("protected").json()));

    const second = auth.session!;
    expect(answers).toEqual(Array.from({ length: 20 }, () => HELLO));
    expect(server.requestsTo("/auth/refresh")).toHaveLength(1);
    expect(second.access_token).not.toBe(first.access_token);
    expect(events).toEqual([["refresh", second]]);
    const protectedCalls = server.requestsTo("/protected");
    // Each call went out at most twice, and every second attempt carried the new token.
    expect(protectedCalls.filter((r) => r.authorization === `Bearer ${second.access_token}`)).toHaveLength(20);
    expect(protectedCalls.every((r) => [first.access_token, second.access_token].includes(r.authorization!.slice(7)))).toBe(true);
    expect(protectedCalls.length).toBeLessThanOrEqual(40);
  });

  test("a call that failed with an older token retries with the current one without refreshing again", async () => {
    const { server, auth, first } = await signedIn();
    server.expireAccessTokens();
    const held = deferred();
    const arrived = deferred();
    let holding = true;
    server.intercept(async ({ path }) => {
      if (path === "/protected" && holding) {
        holding = false;
        arrived.resolve();
        await held.promise;
      }
      return undefined;
    });

    const straggler = auth.api.get("protected").json();
    await arrived.promise;
    expect(await auth.api.get("protected").json()).toEqual(HELLO);
    const second = auth.session!;
    held.resolve();

    expect(await straggler).toEqual(HELLO);
    expect(server.requestsTo("/auth/refresh")).toHaveLength(1);
    expect(server.requestsTo("/protected").map((r) => r.authorization)).toEqual([
      `Bearer ${first.access_token}`, // the straggler, held until after the refresh
      `Bearer ${first.access_token}`, // the second call: token_expired, refreshes
      `Bearer ${second.access_token}`, // the second call, retried
      `Bearer ${second.access_token}`, // the straggler, retried with the current token
    ]);
  });

  test("a POST body is sent again unchanged on the retry", async () => {
    const { server, auth } = await signedIn();
    server.expireAccessTokens();

    const answer = await auth.api.post("echo", { json: { note: "keep me" } }).json();

    expect(answer).toEqual({ received: { note: "keep me" } });
    expect(server.requestsTo("/echo").map((r) => r.body)).toEqual([{ note: "keep me" }, { note: "keep me" }]);
    expect(server.requestsTo("/auth/refresh")).toHaveLength(1);
  });

  test("a call is renewed only once even when the server keeps answering token_expired", async () => {
    const { server, auth } = await signedIn();
    server.intercept(({ path }) => (path === "/protected" ? error(401, "token_expired", "Token has expired") : undefined));

    const failure = await rejection(auth.api.get("protected").json());

    expect(errorSummary(failure)).toEqual({ code: "token_expired", status: 401, msg: "Token has expired" });
    expect(server.requestsTo("/auth/refresh")).toHaveLength(1);
    expect(server.requestsTo("/protected")).toHaveLength(2);
  });

  test("a 401 other than token_expired or token_revoked is not renewed", async () => {
    const { server, auth, first } = await signedIn();
    server.intercept(({ path }) => (path === "/protected" ? error(401, "invalid_token", "Signature verification failed") : undefined));

    const failure = await rejection(auth.api.get("protected").json());

    expect(errorSummary(failure)).toEqual({ code: "invalid_token", status: 401, msg: "Signature verification failed" });
    expect(server.requestsTo("/auth/refresh")).toEqual([]);
    expect(auth.session).toBe(first);
  });

  test("a revoked access token whose session was ended elsewhere ends the session here: one refresh, refused, then expired", async () => {
    const { server, auth, events, storage } = await signedIn();
    server.intercept(({ path }) => (path === "/protected" || path === "/auth/refresh" ? error(401, "token_revoked", "Token has been revoked") : undefined));

    const failure = await rejection(auth.api.get("protected").json());

    expect(errorSummary(failure)).toEqual({ code: "token_revoked", status: 401, msg: "Token has been revoked" });
    expect(server.requests.map((r) => r.path)).toEqual(["/protected", "/auth/refresh"]);
    expect(events).toEqual([["expired", null]]);
    expect(auth.session).toBeNull();
    expect(storage.get(DEFAULT_STORAGE_KEY)).toBeNull();
  });

  test("a revoked access token whose session lives on is renewed and the call retried", async () => {
    const { server, auth, first } = await signedIn();
    let refused = false;
    server.intercept(({ path }) => {
      if (path !== "/protected" || refused) return undefined;
      refused = true;
      return error(401, "token_revoked", "Token has been revoked");
    });

    expect(await auth.api.get("protected").json()).toEqual({ message: expect.any(String) });
    expect(server.requests.map((r) => r.path)).toEqual(["/protected", "/auth/refresh", "/protected"]);
    expect(auth.session?.access_token).not.toBe(first.access_token);
  });

  test("with ky's retry limit at 0 the call rejects with token_expired, but the session is still renewed", async () => {
    const { server, auth, events, first } = await signedIn();
    server.expireAccessTokens();

    const failure = await rejection(auth.api.get("protected", { retry: 0 }).json());

    expect(errorSummary(failure)).toEqual({ code: "token_expired", status: 401, msg: "Token has expired" });
    expect(server.requestsTo("/auth/refresh")).toHaveLength(1);
    expect(auth.session!.access_token).not.toBe(first.access_token);
    expect(events.map(([event]) => event)).toEqual(["refresh"]);
    expect(await auth.api.get("protected").json()).toEqual(HELLO);
  });

  test("a revoked refresh token ends the session: expired emitted, storage cleared, every waiting call rejected", async () => {
    const { server, auth, storage, events } = await signedIn();
    server.expireAccessTokens();
    server.intercept(({ path }) => (path === "/auth/refresh" ? error(401, "token_revoked", "Token has been revoked") : undefined));

    const failures = await Promise.all(Array.from({ length: 5 }, () => rejection(auth.api.get("protected").json())));

    expect(failures.map(errorSummary)).toEqual(
      Array.from({ length: 5 }, () => ({ code: "token_revoked", status: 401, msg: "Token has been revoked" })),
    );
    expect(server.requestsTo("/auth/refresh")).toHaveLength(1);
    expect(auth.session).toBeNull();
    expect(storage.get(DEFAULT_STORAGE_KEY)).toBeNull();
    expect(events).toEqual([["expired", null]]);
  });

  test("a refresh answered invalid_token also ends the session", async () => {
    const { server, auth, events } = await signedIn();
    server.intercept(({ path }) => (path === "/auth/refresh" ? error(401, "invalid_token", "Not enough segments") : undefined));

    const failure = await rejection(auth.refresh());

    expect(errorSummary(failure)).toEqual({ code: "invalid_token", status: 401, msg: "Not enough segments" });
    expect(auth.session).toBeNull();
    expect(events).toEqual([["expired", null]]);
  });

  test("a network failure during refresh keeps the session and rejects the waiting call with network_error", async () => {
    const { server, auth, storage, events, first } = await signedIn();
    server.expireAccessTokens();
    let offline = true;
    server.intercept(({ path }) => {
      if (path === "/auth/refresh" && offline) throw new TypeError("fetch failed");
      return undefined;
    });

    const failure = await rejection(auth.api.get("protected").json());

    expect(errorSummary(failure)).toEqual({ code: "network_error", status: 0, msg: "The request got no answer" });
    expect(server.requestsTo("/auth/refresh")).toHaveLength(1);
    expect(auth.session).toBe(first);
    expect(storedValue(storage)).toMatchObject({ access_token: first.access_token, refresh_token: first.refresh_token });
    expect(events).toEqual([]);

    // The kept session is still good: once the network is back, the next call renews it.
    offline = false;
    expect(await auth.api.get("protected").json()).toEqual(HELLO);
    expect(server.requestsTo("/auth/refresh").map((r) => r.authorization)).toEqual([
      `Bearer ${first.refresh_token}`,
      `Bearer ${first.refresh_token}`,
    ]);
    expect(events.map(([event]) => event)).toEqual(["refresh"]);
  });

  test("a refresh answered 503 keeps the session", async () => {
    const { server, auth, events, first } = await signedIn();
    server.intercept(({ path }) => (path === "/auth/refresh" ? error(503, "store_unavailable", "Down") : undefined));

    const failure = await rejection(auth.refresh());

    expect(errorSummary(failure)).toEqual({ code: "store_unavailable", status: 503, msg: "Down" });
    expect(auth.session).toBe(first);
    expect(events).toEqual([]);
  });
});

describe("refresh timer", () => {
  function timed(accessTtlSeconds = 900) {
    let nowMs = T0;
    const clock = {
      now: () => nowMs,
      advance(ms: number) {
        nowMs += ms;
      },
    };
    const scheduler = createFakeScheduler();
    const server = createFakeJotServer({ basePath: "/jot", now: clock.now, accessTtlSeconds });
    return { clock, scheduler, server };
  }

  function nextEvent(auth: AuthClient): Promise<[AuthChangeEvent, AuthSession | null]> {
    return new Promise((resolve) => {
      const off = auth.onChange((event, session) => {
        off();
        resolve([event, session]);
      });
    });
  }

  test("login schedules a refresh 30 s before expiry; firing it refreshes and schedules the next", async () => {
    const { clock, scheduler, server } = timed();
    const { auth, first } = await signedIn({ autoRefresh: true, now: clock.now, scheduler: scheduler.schedule }, server);

    expect(scheduler.delays).toEqual([870_000]);
    clock.advance(870_000);
    const event = nextEvent(auth);
    scheduler.pending[0]!.fire();
    const [name, second] = await event;

    expect(name).toBe("refresh");
    expect(second!.access_token).not.toBe(first.access_token);
    expect(auth.session).toBe(second);
    expect(server.requests.map((r) => [r.path, r.authorization])).toEqual([["/auth/refresh", `Bearer ${first.refresh_token}`]]);
    expect(scheduler.delays).toEqual([870_000, 870_000]);
    expect(scheduler.pending.map((t) => t.delayMs)).toEqual([870_000]);
  });

  test("a token living under a minute is refreshed at half its lifetime", async () => {
    const { clock, scheduler, server } = timed(40);

    await signedIn({ autoRefresh: true, now: clock.now, scheduler: scheduler.schedule }, server);

    expect(scheduler.delays).toEqual([20_000]);
  });

  test("a timer firing before the refresh is due schedules itself again without a request", async () => {
    const { clock, scheduler, server } = timed();
    await signedIn({ autoRefresh: true, now: clock.now, scheduler: scheduler.schedule }, server);
    clock.advance(869_000);

    scheduler.pending[0]!.fire();

    expect(server.requests).toEqual([]);
    expect(scheduler.delays).toEqual([870_000, 1_000]);
    expect(scheduler.pending).toHaveLength(1);
  });

  test("a revoked refresh on the timer emits expired and leaves nothing scheduled", async () => {
    const { clock, scheduler, server } = timed();
    const { auth } = await signedIn({ autoRefresh: true, now: clock.now, scheduler: scheduler.schedule }, server);
    server.intercept(() => error(401, "token_revoked", "Token has been revoked"));
    clock.advance(870_000);

    const event = nextEvent(auth);
    scheduler.pending[0]!.fire();

    expect(await event).toEqual(["expired", null]);
    expect(auth.session).toBeNull();
    expect(scheduler.pending).toEqual([]);
  });

  test("logout and close cancel the pending timer", async () => {
    const { clock, scheduler, server } = timed();
    const { auth } = await signedIn({ autoRefresh: true, now: clock.now, scheduler: scheduler.schedule }, server);
    expect(scheduler.pending).toHaveLength(1);

    await auth.logout();
    expect(scheduler.pending).toEqual([]);

    await auth.login({ username: "ada", password: PASSWORD });
    expect(scheduler.pending).toHaveLength(1);
    auth.close();
    expect(scheduler.pending).toEqual([]);

    await auth.login({ username: "ada", password: PASSWORD });
    expect(scheduler.pending).toEqual([]);
  });

  test("autoRefresh false schedules nothing", async () => {
    const { clock, scheduler, server } = timed();

    await signedIn({ autoRefresh: false, now: clock.now, scheduler: scheduler.schedule }, server);

    expect(scheduler.delays).toEqual([]);
  });

  test("a restored session whose access token has expired is refreshed right away", async () => {
    const { clock, scheduler, server } = timed();
    const storage = memoryStorage();
    const { first } = await signedIn({ storage, now: clock.now }, server);
    clock.advance(3_600_000);

    const restored = setup({ storage, autoRefresh: true, now: clock.now, scheduler: scheduler.schedule }, server);
    await restored.auth.ready;

    expect(scheduler.delays).toEqual([0]);
    const event = nextEvent(restored.auth);
    scheduler.pending[0]!.fire();
    const [name, second] = await event;
    expect(name).toBe("refresh");
    expect(server.requestsTo("/auth/refresh").map((r) => r.authorization)).toEqual([`Bearer ${first.refresh_token}`]);
    expect(second!.expires_at).toBe((T0 + 3_600_000) / 1000 + 900);
  });
});

describe("storage", () => {
  function asyncStorage() {
    const values = new Map<string, string>();
    const storage: AuthStorage = {
      get: async (key) => {
        await Promise.resolve();
        return values.get(key) ?? null;
      },
      set: async (key, value) => {
        await Promise.resolve();
        values.set(key, value);
      },
      remove: async (key) => {
        await Promise.resolve();
        values.delete(key);
      },
    };
    return { storage, values };
  }

  test("a session written to async storage by one client is restored by the next", async () => {
    const { storage, values } = asyncStorage();
    const { first, server } = await signedIn({ storage });
    expect(JSON.parse(values.get(DEFAULT_STORAGE_KEY)!)).toMatchObject({ access_token: first.access_token });

    const { auth, events } = setup({ storage }, server);
    expect(auth.session).toBeNull();
    // An api call made before the stored session is read waits for it.
    const answer = await auth.api.get("protected").json();

    expect(answer).toEqual(HELLO);
    expect(server.requests.at(-1)!.authorization).toBe(`Bearer ${first.access_token}`);
    expect(auth.session).toEqual(first);
    expect(await auth.ready).toEqual(first);
    expect(events).toEqual([]);
  });

  test("logout with async storage removes the stored value before resolving", async () => {
    const { storage, values } = asyncStorage();
    const { auth } = await signedIn({ storage });

    await auth.logout();

    expect(values.has(DEFAULT_STORAGE_KEY)).toBe(false);
  });

  test("a corrupt stored value is ignored and removed", async () => {
    const storage = memoryStorage();
    storage.set(DEFAULT_STORAGE_KEY, '{"v":1,"access_token":"garbage"');

    const { auth } = setup({ storage });

    expect(await auth.ready).toBeNull();
    expect(auth.session).toBeNull();
    await auth.logout(); // runs after the queued removal
    expect(storage.get(DEFAULT_STORAGE_KEY)).toBeNull();
  });

  test("clients with their own storageKey keep separate sessions in one storage", async () => {
    const storage = memoryStorage();
    const server = createFakeJotServer({ basePath: "/jot" });
    const one = setup({ storage, storageKey: "one" }, server);
    const two = setup({ storage, storageKey: "two" }, server);

    await one.auth.login({ username: "ada", password: PASSWORD });

    expect(storage.get("one")).not.toBeNull();
    expect(storage.get("two")).toBeNull();
    expect(two.auth.session).toBeNull();
  });

  test("a failing storage does not fail login: the session works from memory and the error is reported", async () => {
    const failure = new Error("quota exceeded");
    const reported: unknown[] = [];
    const storage: AuthStorage = {
      get: () => null,
      set: () => {
        throw failure;
      },
      remove: () => undefined,
    };
    const { auth, events } = setup({ storage, onStorageError: (caught) => reported.push(caught) });

    const session = sessionOf(await auth.login({ username: "ada", password: PASSWORD }));

    expect(auth.session).toBe(session);
    expect(events).toEqual([["login", session]]);
    expect(reported).toEqual([failure]);
    expect(await auth.api.get("protected").json()).toEqual(HELLO);
  });
});
