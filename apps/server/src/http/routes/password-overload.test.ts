import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, outcome, registerAndLogin, type TestApp } from "../../../test/test-app.ts";
import type { PasswordHasher } from "../../users/password-hasher.ts";

// S-27: with one hashing slot and no queue, password work that cannot start at once is refused
// 503 overloaded with Retry-After, while the guard keeps answering. The hasher here is a stand-in
// whose every hash waits until the test opens the gate, so "busy" is a state, not a timing.

/** A hasher whose work waits while the gate is shut; it remembers the password of each job it started, in order. */
function gatedHasher() {
  let open: Promise<void> = Promise.resolve();
  let release = () => {};
  const passwords: string[] = [];
  const pass = async (password: string) => {
    passwords.push(password);
    await open;
  };
  const hasher: PasswordHasher = {
    hash: async (password) => (await pass(password), `plain$${password}`),
    verify: async (password, stored) => (await pass(password), stored === `plain$${password}`),
    verifyNobody: async (password) => (await pass(password), false),
  };
  return {
    hasher,
    shut: () => void (open = new Promise<void>((resolve) => (release = resolve))),
    open: () => release(),
    get started() {
      return passwords.length;
    },
    /** The passwords of the jobs started, in the order they started. */
    passwords,
  };
}

const OVERLOADED = {
  status: 503,
  body: { error: "overloaded", msg: "The server is too busy to check passwords now; try again shortly" },
  challenge: null,
  retryAfter: "1",
};

const withRetryAfter = async (response: Response) => ({ ...(await outcome(response)), retryAfter: response.headers.get("retry-after") });

describe("password work beyond PASSWORD_HASH_CONCURRENCY and PASSWORD_HASH_QUEUE", () => {
  const gate = gatedHasher();
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ PASSWORD_HASH_CONCURRENCY: "1", PASSWORD_HASH_QUEUE: "0", LOGIN_MAX_FAILURES: "2", REGISTER_MAX_PER_ADDRESS: "3" }, gate.hasher);
  });
  afterAll(() => t.close());

  test("is refused at once with 503 overloaded and Retry-After (login, unknown user, registration), the guard keeps answering, and no attempt is counted against a throttle", async () => {
    const user = await registerAndLogin(t);
    gate.shut();
    const busy = t.request("/auth/login", { method: "POST", json: { username: user.username, password: user.password } });
    while (gate.started < 3) await Bun.sleep(0); // register and login before, and now this one, have reached the hasher

    // More refusals than LOGIN_MAX_FAILURES and REGISTER_MAX_PER_ADDRESS allow attempts.
    const refused = [];
    for (let i = 0; i < 4; i++) {
      refused.push(await withRetryAfter(await t.request("/auth/login", { method: "POST", json: { username: user.username, password: user.password } })));
      refused.push(await withRetryAfter(await t.request("/auth/login", { method: "POST", json: { username: "nobody-here", password: "whatever it is" } })));
      refused.push(await withRetryAfter(await t.request("/auth/register", { method: "POST", json: { username: `new${i}${crypto.randomUUID().slice(0, 6)}`, password: "a new password" } })));
    }
    const guard = await withRetryAfter(await t.request("/protected", { token: user.access }));
    const startedWhileBusy = gate.started;

    gate.open();
    const busyAnswer = await busy;
    const after = await t.request("/auth/login", { method: "POST", json: { username: user.username, password: user.password } });
    const registered = await t.request("/auth/register", { method: "POST", json: { username: `late${crypto.randomUUID().slice(0, 6)}`, password: "a new password" } });

    expect({ refused, guard, startedWhileBusy, busy: busyAnswer.status, after: after.status, registered: registered.status }).toEqual({
      refused: Array.from({ length: 12 }, () => OVERLOADED),
      guard: { status: 200, body: { message: `Hello, ${user.username}! This is a protected route.` }, challenge: null, retryAfter: null },
      startedWhileBusy: 3,
      busy: 200,
      after: 200,
      registered: 201,
    });
  });
});

describe("S-33: password work shared fairly between networks", () => {
  const gate = gatedHasher();
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ PASSWORD_HASH_CONCURRENCY: "1", PASSWORD_HASH_QUEUE: "2", TRUST_PROXY: "127.0.0.1" }, gate.hasher);
  });
  afterAll(() => t.close());

  const loginFrom = (address: string, username: string, password: string) =>
    t.request("/auth/login", { method: "POST", json: { username, password }, headers: { "x-forwarded-for": address } });
  /** An attacker in the i-th /64 of 2001:db8:7::/48, guessing at an account that does not exist. */
  const guess = (index: number) => loginFrom(`2001:db8:7:${index.toString(16)}::1`, `nobody${index}`, `guess ${index}`);

  test("a login for an account without failures, from elsewhere, is served while failing logins from sixteen /64s of one /48 fill the queue", async () => {
    const username = `fair${crypto.randomUUID().slice(0, 8)}`;
    expect((await t.request("/auth/register", { method: "POST", json: { username, password: "the right password" } })).status).toBe(201);
    // The /48 has failed once: its logins are now suspect, whichever /64 they come from.
    expect((await guess(0)).status).toBe(401);
    gate.shut();
    const startedBefore = gate.started;
    // Fifteen more guesses at once: one runs, two wait, twelve are refused at once.
    let answered = 0;
    const guesses = Array.from({ length: 15 }, (_, index) => guess(index + 1).then((response) => (answered++, response)));
    while (gate.started === startedBefore || answered < 12) await Bun.sleep(0);
    let userAnswered = false;
    const user = loginFrom("192.0.2.10", username, "the right password").then((response) => ((userAnswered = true), response));
    // Until the user's login is refused, or has taken a waiting guess's place (that guess is answered).
    while (!userAnswered && answered < 13) await Bun.sleep(0);
    gate.open();
    const guessStatuses = (await Promise.all(guesses)).map((response) => response.status);
    const userAnswer = await user;
    const started = gate.passwords.slice(startedBefore);
    expect({
      user: userAnswer.status,
      // The user's work ran right after the job already running, ahead of the guesses that waited.
      userStartedSecond: started.indexOf("the right password"),
      guesses: { 401: guessStatuses.filter((status) => status === 401).length, 503: guessStatuses.filter((status) => status === 503).length },
    }).toEqual({
      user: 200,
      userStartedSecond: 1,
      // Three places: the running guess, one still waiting, one given up to the user.
      guesses: { 401: 2, 503: 13 },
    });
  });
});
