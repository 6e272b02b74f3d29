import { afterAll, describe, expect, test } from "bun:test";
import { AuthError, createAuthClient, isAuthError, type AuthChangeEvent, type AuthClient, type AuthSession, type FetchFunction } from "@jot/sdk";
import { createTestApp, outcome, type TestApp } from "../test/test-app.ts";
import { EXPIRED, REVOKED, sessionOf } from "@jot/testing";

// The SDK wired to the real app in process: ky hands its `fetch` a `Request` plus an `init` that
// only holds options `Request` does not know (usually `{}`), so `new Request(input, init)` rebuilds
// it faithfully and `app.handle` answers it with no port. The SDK and the server share the manual
// clock, so moving it moves both sides' idea of "now" at once.

const PASSWORD = "correct horse battery";
const ACCESS_TTL_SECONDS = 900;

// Each test gets its own app, database and clock, so tests may run concurrently; all are closed at the end.
const apps: TestApp[] = [];
const clients: AuthClient[] = [];
afterAll(async () => {
  for (const client of clients) client.close();
  await Promise.all(apps.map((app) => app.close()));
});

async function newApp(): Promise<TestApp> {
  const app = await createTestApp();
  apps.push(app);
  return app;
}

/** A refresh timer the test fires by hand: nothing runs unless the test says so. */
interface PendingTimer {
  callback: () => void;
  delayMs: number;
  cancelled: boolean;
}

interface Wired {
  auth: AuthClient;
  /** Every session change, in order. */
  events: Array<[AuthChangeEvent, AuthSession | null]>;
  /** `METHOD /path` of every request that reached the app, in order. */
  requests: string[];
  timers: PendingTimer[];
}

/** A client on the in-process app `t`; `fetch` replaces the wire when a test needs it to fail. */
function wire(t: TestApp, fetch?: FetchFunction): Wired {
  const requests: string[] = [];
  const timers: PendingTimer[] = [];
  const toApp: FetchFunction = async (input, init) => {
    const request = new Request(input, init);
    requests.push(`${request.method} ${new URL(request.url).pathname}`);
    return t.app.handle(request);
  };
  const auth = createAuthClient({
    baseUrl: "http://localhost",
    fetch: fetch ?? toApp,
    now: t.clock,
    scheduler: (callback, delayMs) => {
      const timer = { callback, delayMs, cancelled: false };
      timers.push(timer);
      return () => void (timer.cancelled = true);
    },
  });
  clients.push(auth);
  const events: Wired["events"] = [];
  auth.onChange((event, session) => events.push([event, session]));
  return { auth, events, requests, timers };
}

const newUsername = () => `e2e-${crypto.randomUUID()}`;

/** Registers a fresh user through `client` and logs in; answers the user and the session. */
async function signUp(client: Wired): Promise<{ id: string; username: string; session: AuthSession }> {
  const username = newUsername();
  const { id } = await client.auth.register({ username, password: PASSWORD });
  const session = sessionOf(await client.auth.login({ username, password: PASSWORD }));
  return { id, username, session };
}

/** What a promise rejected with, as the fields an AuthError carries; fails the test if it resolved. */
async function rejection(promise: Promise<unknown>): Promise<{ isAuthError: boolean; code: string; status: number; msg: string; cause: unknown }> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (caught: unknown) => caught,
  );
  if (!(error instanceof AuthError)) throw new Error(`expected an AuthError, got ${String(error)}`);
  return { isAuthError: isAuthError(error), code: error.code, status: error.status, msg: error.msg, cause: error.cause };
}

const greeting = (username: string) => ({ message: `Hello, ${username}! This is a protected route.` });

describe("the SDK against the real app in process", () => {
  test("forgotPassword then resetPassword with the delivered token: the new password logs in, the old session is over", async () => {
    const t = await newApp();
    const client = wire(t);
    const { username, session } = await signUp(client);
    expect(await client.auth.forgotPassword({ username })).toEqual({ msg: "If the account exists, a password reset token is on its way" });
    expect(await client.auth.forgotPassword({ username: newUsername() })).toEqual({ msg: "If the account exists, a password reset token is on its way" });
    await t.settled();
    const delivered = t.deliveries.filter((delivery) => delivery.kind === "password_reset");
    expect(delivered.map((delivery) => delivery.user.username)).toEqual([username]);
    expect(await client.auth.resetPassword({ token: delivered[0]!.token, new_password: "reset through the SDK" })).toEqual({ msg: "Password reset; every session has ended" });
    expect(await rejection(client.auth.resetPassword({ token: delivered[0]!.token, new_password: "again through the SDK" }))).toMatchObject({
      code: "invalid_reset_token",
      status: 400,
    });
    expect(await outcome(await t.request("/protected", { token: session.access_token }))).toEqual(REVOKED);
    expect(sessionOf(await client.auth.login({ username, password: "reset through the SDK" })).claims.username).toBe(username);
  });

  test("a user registers, logs in, calls the protected route, reads /auth/me and logs out, and the old tokens are refused", async () => {
    const t = await newApp();
    const client = wire(t);
    const { auth } = client;
    const username = newUsername();

    const registered = await auth.register({ username, password: PASSWORD });
    expect(registered).toEqual({ id: expect.any(String), username });
    expect(auth.session).toBeNull();

    const session = sessionOf(await auth.login({ username, password: PASSWORD }));
    expect(auth.session).toBe(session);
    expect(session.expires_at).toBe(t.clock() / 1000 + ACCESS_TTL_SECONDS);
    expect(session.claims).toMatchObject({ sub: registered.id, username, roles: ["user"], type: "access", fresh: true });
    expect(client.events).toEqual([["login", session]]);

    expect(await auth.api.get("protected").json()).toEqual(greeting(username));
    expect(await auth.me()).toEqual({ user: { id: registered.id, username, roles: ["user"] }, claims: session.claims });

    await auth.logout();
    expect(auth.session).toBeNull();
    expect(client.events).toEqual([
      ["login", session],
      ["logout", null],
    ]);
    expect(client.requests).toEqual(["POST /auth/register", "POST /auth/login", "GET /protected", "GET /auth/me", "DELETE /auth/logout"]);

    // The server really revoked both tokens; the client did not just forget them.
    expect(await outcome(await t.request("/protected", { token: session.access_token }))).toEqual(REVOKED);
    expect(await outcome(await t.request("/auth/refresh", { method: "POST", token: session.refresh_token }))).toEqual(REVOKED);
  });

  test("twenty calls made after the access token expired all succeed through exactly one refresh", async () => {
    const t = await newApp();
    const client = wire(t);
    const { username, session } = await signUp(client);
    t.clock.advance(ACCESS_TTL_SECONDS + 1);
    // The server now refuses the token the client holds: every call below must go through a refresh.
    expect(await outcome(await t.request("/protected", { token: session.access_token }))).toEqual(EXPIRED);
    client.requests.length = 0;

    const answers = await Promise.all(Array.from({ length: 20 }, () => client.auth.api.get("protected").json()));

    expect(answers).toEqual(Array.from({ length: 20 }, () => greeting(username)));
    expect(client.requests.filter((request) => request !== "GET /protected")).toEqual(["POST /auth/refresh"]);
    const renewed = client.auth.session!;
    expect(renewed.access_token).not.toBe(session.access_token);
    expect(renewed.refresh_token).not.toBe(session.refresh_token);
    expect(renewed.claims).toMatchObject({ sub: session.claims.sub, sid: session.claims.sid, fresh: false });
    expect(renewed.expires_at).toBe(t.clock() / 1000 + ACCESS_TTL_SECONDS);
    expect(client.events).toEqual([
      ["login", session],
      ["refresh", renewed],
    ]);
  });

  test("logging out with an expired access token renews the pair once and still revokes the session on the server", async () => {
    const t = await newApp();
    const client = wire(t);
    const { session } = await signUp(client);
    t.clock.advance(ACCESS_TTL_SECONDS + 1);
    client.requests.length = 0;

    await client.auth.logout();

    expect(client.auth.session).toBeNull();
    expect(client.requests).toEqual(["DELETE /auth/logout", "POST /auth/refresh", "DELETE /auth/logout"]);
    const renewed = client.events[1]?.[1];
    expect(client.events).toEqual([
      ["login", session],
      ["refresh", expect.objectContaining({ claims: expect.objectContaining({ sid: session.claims.sid }) })],
      ["logout", null],
    ]);
    expect(await outcome(await t.request("/protected", { token: renewed!.access_token }))).toEqual(REVOKED);
    expect(await outcome(await t.request("/auth/refresh", { method: "POST", token: renewed!.refresh_token }))).toEqual(REVOKED);
  });

  test("the refresh timer, on the clock the server also uses, renews the session 30 seconds before the access token expires", async () => {
    const t = await newApp();
    const client = wire(t);
    const { session } = await signUp(client);
    const timer = client.timers.at(-1)!;
    expect(timer).toMatchObject({ delayMs: (ACCESS_TTL_SECONDS - 30) * 1000, cancelled: false });

    t.clock.advance(timer.delayMs / 1000);
    const refreshed = new Promise<[AuthChangeEvent, AuthSession | null]>((resolve) => {
      const off = client.auth.onChange((event, next) => {
        off();
        resolve([event, next]);
      });
    });
    client.requests.length = 0;
    timer.callback();
    const [event, renewed] = await refreshed;

    expect(event).toBe("refresh");
    expect(renewed).toBe(client.auth.session);
    expect(renewed!.access_token).not.toBe(session.access_token);
    expect(client.requests).toEqual(["POST /auth/refresh"]);
    expect(renewed!.claims).toMatchObject({ sid: session.claims.sid, fresh: false });
    expect(await outcome(await t.request("/protected", { token: renewed!.access_token }))).toEqual({
      status: 200,
      body: greeting(session.claims.username ?? ""),
      challenge: null,
    });
    // The next timer is set for the new token, and the one that fired is spent.
    expect(client.timers.at(-1)).toMatchObject({ delayMs: (ACCESS_TTL_SECONDS - 30) * 1000, cancelled: false });
    expect(client.timers.length).toBe(2);
  });

  test("after logout everywhere from another client, the next expired call ends the session: 'expired', session null, token_revoked", async () => {
    const t = await newApp();
    const laptop = wire(t);
    const { username, session } = await signUp(laptop);
    const phone = wire(t);
    await phone.auth.login({ username, password: PASSWORD });

    expect(await phone.auth.api.delete("auth/sessions").json()).toEqual({ msg: "All sessions revoked" });
    t.clock.advance(ACCESS_TTL_SECONDS + 1);
    laptop.requests.length = 0;

    const failure = await rejection(laptop.auth.api.get("protected").json());

    expect(failure).toEqual({ isAuthError: true, code: "token_revoked", status: 401, msg: "Token has been revoked", cause: expect.anything() });
    expect(laptop.auth.session).toBeNull();
    expect(laptop.events).toEqual([
      ["login", session],
      ["expired", null],
    ]);
    expect(laptop.requests).toEqual(["GET /protected", "POST /auth/refresh"]);
    // Signed out for good: the next call carries no token and asks for no refresh.
    expect(await rejection(laptop.auth.api.get("protected").json())).toMatchObject({ code: "missing_token", status: 401 });
    expect(laptop.requests).toEqual(["GET /protected", "POST /auth/refresh", "GET /protected"]);
  });

  test("after logout everywhere from another client, the next call — token not yet expired — ends the session with 'expired'", async () => {
    const t = await newApp();
    const laptop = wire(t);
    const { username, session } = await signUp(laptop);
    const phone = wire(t);
    await phone.auth.login({ username, password: PASSWORD });
    expect(await phone.auth.api.delete("auth/sessions").json()).toEqual({ msg: "All sessions revoked" });
    laptop.requests.length = 0;

    const failure = await rejection(laptop.auth.api.get("protected").json());

    expect(failure).toMatchObject({ isAuthError: true, code: "token_revoked", status: 401, msg: "Token has been revoked" });
    expect(laptop.requests).toEqual(["GET /protected", "POST /auth/refresh"]);
    expect(laptop.auth.session).toBeNull();
    expect(laptop.events).toEqual([
      ["login", session],
      ["expired", null],
    ]);
  });

  test("a session revoked from another client makes auth.refresh() reject with token_revoked and emit 'expired'", async () => {
    const t = await newApp();
    const laptop = wire(t);
    const { username, session } = await signUp(laptop);
    const phone = wire(t);
    await phone.auth.login({ username, password: PASSWORD });

    expect(await phone.auth.api.delete(`auth/sessions/${session.claims.sid}`).json()).toEqual({ msg: "Session revoked" });
    const failure = await rejection(laptop.auth.refresh());

    expect(failure).toMatchObject({ isAuthError: true, code: "token_revoked", status: 401, msg: "Token has been revoked" });
    expect(laptop.auth.session).toBeNull();
    expect(laptop.events).toEqual([
      ["login", session],
      ["expired", null],
    ]);
    // The other client's session is untouched.
    expect(await phone.auth.api.get("protected").json()).toEqual(greeting(username));
    expect(phone.auth.session).not.toBeNull();
  });

  test("a wrong password or an unknown user rejects login with bad_credentials (401) and signs nobody in", async () => {
    const t = await newApp();
    const client = wire(t);
    const username = newUsername();
    await client.auth.register({ username, password: PASSWORD });

    const wrongPassword = await rejection(client.auth.login({ username, password: "not the password" }));
    const unknownUser = await rejection(client.auth.login({ username: newUsername(), password: PASSWORD }));

    const badCredentials = { isAuthError: true, code: "bad_credentials", status: 401, msg: "Bad username or password", cause: expect.anything() };
    expect(wrongPassword).toEqual(badCredentials);
    expect(unknownUser).toEqual(badCredentials);
    expect(client.auth.session).toBeNull();
    expect(client.events).toEqual([]);
  });

  test("registering a taken username rejects with username_taken (409)", async () => {
    const t = await newApp();
    const client = wire(t);
    const username = newUsername();
    await client.auth.register({ username, password: PASSWORD });

    const failure = await rejection(client.auth.register({ username, password: "another password" }));

    expect(failure).toEqual({ isAuthError: true, code: "username_taken", status: 409, msg: "Username already exists", cause: expect.anything() });
    expect(client.requests).toEqual(["POST /auth/register", "POST /auth/register"]);
  });

  test("a fetch that throws rejects with network_error (status 0) carrying the original failure, and keeps the session", async () => {
    const t = await newApp();
    let offline = false;
    const unplugged = new TypeError("connect ECONNREFUSED");
    const client = wire(t, async (input, init) => {
      if (offline) throw unplugged;
      return t.app.handle(new Request(input, init));
    });
    const { session } = await signUp(client);
    offline = true;

    const login = await rejection(client.auth.login({ username: newUsername(), password: PASSWORD }));
    const call = await rejection(client.auth.api.get("protected", { retry: 0 }).json());
    const refresh = await rejection(client.auth.refresh());

    const networkError = { isAuthError: true, code: "network_error", status: 0, msg: "The request got no answer" };
    expect(login).toMatchObject(networkError);
    expect(call).toMatchObject(networkError);
    expect(refresh).toMatchObject(networkError);
    for (const failure of [login, call, refresh]) expect(failure.cause).toBe(unplugged);
    // No answer is not a refusal: the session is kept for when the network is back.
    expect(client.auth.session).toBe(session);
    expect(client.events).toEqual([["login", session]]);
  });
});
