import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, outcome, registerAndLogin, type TestApp } from "../../../test/test-app.ts";
import type { PasswordHasher } from "../../users/password-hasher.ts";

// S-27: with one hashing slot and no queue, password work that cannot start at once is refused
// 503 overloaded with Retry-After, while the guard keeps answering. The hasher here is a stand-in
// whose every hash waits until the test opens the gate, so "busy" is a state, not a timing.

/** A hasher whose work waits while the gate is shut. */
function gatedHasher() {
  let open: Promise<void> = Promise.resolve();
  let release = () => {};
  let started = 0;
  const pass = async () => {
    started++;
    await open;
  };
  const hasher: PasswordHasher = {
    hash: async (password) => (await pass(), `plain$${password}`),
    verify: async (password, stored) => (await pass(), stored === `plain$${password}`),
    verifyNobody: async () => (await pass(), false),
  };
  return {
    hasher,
    shut: () => void (open = new Promise<void>((resolve) => (release = resolve))),
    open: () => release(),
    get started() {
      return started;
    },
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
