import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { refusal } from "../../../test/config-refusal.ts";
import { createTestApp, outcome, type TestApp } from "../../../test/test-app.ts";

// S-33: failed logins are counted per network around the client as well as per address, so one
// network cannot spread its guesses over many addresses: an IPv4 /24, an IPv6 /56 and /48.

let t: TestApp;
const password = "correct horse battery";
beforeAll(async () => {
  t = await createTestApp({
    LOGIN_MAX_FAILURES_PER_ADDRESS: "3",
    LOGIN_MAX_FAILURES_PER_NETWORK: "4",
    LOGIN_MAX_FAILURES_PER_SITE: "6",
    THROTTLE_WINDOW: "15m",
    TRUST_PROXY: "127.0.0.1",
  });
});
afterAll(() => t.close());
afterEach(() => t.clock.reset());

const login = (username: string, pw: string, address: string) =>
  t.request("/auth/login", { method: "POST", json: { username, password: pw }, headers: { "x-forwarded-for": address } });
const guessFrom = async (address: string) => (await login(`nobody${crypto.randomUUID().slice(0, 8)}`, "a wrong guess", address)).status;
const THROTTLED = { status: 429, body: { error: "rate_limited", msg: "Too many attempts; try again in 900 seconds" }, challenge: null };

describe("S-33: failed logins counted per network", () => {
  test("IPv6: each /64 under its own limit, the /56 stops at its limit, the /48 at its own, and the next /48 is untouched", async () => {
    const statuses: Record<string, number[]> = { "first /56": [], "same /56, new /64": [], "other /56s of the /48": [], "same /48, new /56": [], "next /48": [] };
    // Four /64s of 2001:db8:9::/56, one failure each: the /56's four.
    for (let i = 0; i < 4; i++) statuses["first /56"]!.push(await guessFrom(`2001:db8:9:${i}::1`));
    statuses["same /56, new /64"]!.push(await guessFrom("2001:db8:9:ff::1"));
    // Two more failures from other /56s of the /48 make its six.
    for (const net of ["100", "200"]) statuses["other /56s of the /48"]!.push(await guessFrom(`2001:db8:9:${net}::1`));
    statuses["same /48, new /56"]!.push(await guessFrom("2001:db8:9:300::1"));
    statuses["next /48"]!.push(await guessFrom("2001:db8:a:0::1"));
    const throttled = await login("nobody", "a wrong guess", "2001:db8:9:ab00:1::1");
    expect({ statuses, throttled: await outcome(throttled), retryAfter: throttled.headers.get("retry-after"), logged: JSON.parse(t.logs.at(-1)!) }).toEqual({
      statuses: {
        "first /56": [401, 401, 401, 401],
        "same /56, new /64": [429],
        "other /56s of the /48": [401, 401],
        "same /48, new /56": [429],
        "next /48": [401],
      },
      throttled: THROTTLED,
      retryAfter: "900",
      logged: { time: expect.any(String), level: "warn", event: "login_throttled", request_id: expect.any(String), address: "2001:db8:9:ab00::/64" },
    });
  });

  test("IPv4: the /24 stops at its limit although no address reached its own; the next /24 is untouched, and the window's end lets it in again", async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 4; i++) statuses.push(await guessFrom(`198.51.100.${i}`));
    statuses.push(await guessFrom("198.51.100.200"));
    statuses.push(await guessFrom("198.51.101.1"));
    t.clock.advance(15 * 60);
    statuses.push(await guessFrom("198.51.100.200"));
    expect(statuses).toEqual([401, 401, 401, 401, 429, 401, 401]);
  });

  test("a right password takes its attempt back from the network, and the right password is refused like a wrong one once the network is throttled", async () => {
    const username = `netuser${crypto.randomUUID().slice(0, 8)}`;
    expect((await t.request("/auth/register", { method: "POST", json: { username, password } })).status).toBe(201);
    const statuses: number[] = [];
    for (let i = 1; i <= 3; i++) statuses.push(await guessFrom(`203.0.113.${i}`));
    for (let i = 10; i < 15; i++) statuses.push((await login(username, password, `203.0.113.${i}`)).status);
    statuses.push(await guessFrom("203.0.113.20"));
    const rightPassword = await login(username, password, "203.0.113.21");
    expect({ statuses, rightPassword: await outcome(rightPassword) }).toEqual({ statuses: [401, 401, 401, 200, 200, 200, 200, 200, 401], rightPassword: THROTTLED });
  });

  test("the network limits are configured like the others, and a bad value stops the server naming the variable", () => {
    expect(refusal({ LOGIN_MAX_FAILURES_PER_NETWORK: "0" })).toBe('LOGIN_MAX_FAILURES_PER_NETWORK: expected a whole number from 1 to 1000000, got "0"');
    expect(refusal({ LOGIN_MAX_FAILURES_PER_SITE: "many" })).toBe('LOGIN_MAX_FAILURES_PER_SITE: expected a whole number from 1 to 1000000, got "many"');
  });
});
