import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, outcome, type TestApp } from "../../../test/test-app.ts";

let t: TestApp;
const password = "correct horse battery";
beforeAll(async () => {
  t = await createTestApp({
    LOGIN_MAX_FAILURES: "3",
    LOGIN_MAX_FAILURES_PER_ADDRESS: "5",
    REFRESH_MAX_FAILURES_PER_ADDRESS: "2",
    REGISTER_MAX_PER_ADDRESS: "3",
    THROTTLE_WINDOW: "15m",
    TRUST_PROXY: "127.0.0.1",
  });
});
afterAll(() => t.close());
// The clock is shared by every test here: each starts where the file began.
afterEach(() => t.clock.reset());

const from = (address: string) => ({ "x-forwarded-for": address });
const login = (username: string, pw: string, address = "10.0.0.1") =>
  t.request("/auth/login", { method: "POST", json: { username, password: pw }, headers: from(address) });
const register = (username: string, address: string) => t.request("/auth/register", { method: "POST", json: { username, password }, headers: from(address) });

describe("S-17: throttling guesses", () => {
  test("after the account's failures are used up, even the correct password gets 429 with Retry-After", async () => {
    expect((await register("throttle_alice", "10.9.0.1")).status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await login("throttle_alice", "wrong password", `10.1.0.${i}`)).status).toBe(401);
    const throttled = await login("throttle_alice", password, "10.1.0.9");
    expect(throttled.headers.get("retry-after")).toBe("900");
    expect(JSON.parse(t.logs.at(-1)!)).toEqual({ time: expect.any(String), level: "warn", event: "login_throttled", request_id: expect.any(String), address: "10.1.0.9" });
    expect(await outcome(throttled)).toEqual({ status: 429, body: { error: "rate_limited", msg: "Too many attempts; try again in 900 seconds" }, challenge: null });
    const wrong = await login("throttle_alice", "wrong password", "10.1.0.10");
    expect(await outcome(wrong)).toEqual(await outcome(await login("throttle_alice", password, "10.1.0.11")));
    t.clock.advance(15 * 60);
    expect((await login("throttle_alice", password, "10.1.0.12")).status).toBe(200);
  });

  test("attempts sent all at once cannot slip past the limit together", async () => {
    expect((await register("throttle_carol", "10.9.0.3")).status).toBe(201);
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => login("throttle_carol", "wrong password", `10.7.0.${i}`)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([...Array(3).fill(401), ...Array(9).fill(429)]);
    expect((await login("throttle_carol", password, "10.7.1.1")).status).toBe(429);
  });

  test("a password change's wrong current password counts as a guess on the account", async () => {
    expect((await register("throttle_dave", "10.9.0.4")).status).toBe(201);
    const pair = (await (await login("throttle_dave", password, "10.8.0.1")).json()) as { access_token: string };
    const change = (current: string) =>
      t.request("/auth/password", { method: "PUT", token: pair.access_token, json: { current_password: current, new_password: "a brand new password" }, headers: from("10.8.0.2") });
    for (let i = 0; i < 3; i++) expect((await change(`guess ${i}`)).status).toBe(401);
    expect((await outcome(await change(password))).body).toEqual({ error: "rate_limited", msg: "Too many attempts; try again in 900 seconds" });
    expect((await login("throttle_dave", password, "10.8.0.3")).status).toBe(429);
  });

  test("a successful login clears the account's failures", async () => {
    expect((await register("throttle_bob", "10.9.0.2")).status).toBe(201);
    await login("throttle_bob", "wrong password", "10.2.0.1");
    await login("throttle_bob", "wrong password", "10.2.0.2");
    expect((await login("throttle_bob", password, "10.2.0.3")).status).toBe(200);
    await login("throttle_bob", "wrong password", "10.2.0.4");
    await login("throttle_bob", "wrong password", "10.2.0.5");
    expect((await login("throttle_bob", password, "10.2.0.6")).status).toBe(200);
  });

  test("one address guessing across many accounts is throttled, and other addresses are not", async () => {
    for (let i = 0; i < 5; i++) expect((await login(`nobody${i}`, "guess", "10.3.0.1")).status).toBe(401);
    expect((await login("nobody9", "guess", "10.3.0.1")).status).toBe(429);
    expect((await login("nobody9", "guess", "10.3.0.2")).status).toBe(401);
  });

  test("failed refreshes are throttled per address", async () => {
    const refresh = (address: string) => t.request("/auth/refresh", { method: "POST", token: "a.b.c", headers: from(address) });
    expect((await refresh("10.4.0.1")).status).toBe(401);
    expect((await refresh("10.4.0.1")).status).toBe(401);
    expect((await outcome(await refresh("10.4.0.1"))).body).toEqual({ error: "rate_limited", msg: "Too many attempts; try again in 900 seconds" });
    expect((await refresh("10.4.0.2")).status).toBe(401);
  });

  test("registrations are throttled per address", async () => {
    for (let i = 0; i < 3; i++) expect((await register(`throttle_reg${i}`, "10.5.0.1")).status).toBe(201);
    expect((await register("throttle_reg9", "10.5.0.1")).status).toBe(429);
    expect(await t.stores.users.findByUsername("throttle_reg9")).toBeUndefined();
  });

  test("X-Forwarded-For entries a client wrote itself are not believed", async () => {
    for (let i = 0; i < 5; i++) await login(`spoof${i}`, "guess", `1.1.1.${i}, 10.6.0.1`);
    expect((await login("spoof9", "guess", "9.9.9.9, 10.6.0.1")).status).toBe(429);
  });
});
