import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import type { TokenPair } from "@jot/shared";
import { createTestApp, outcome, registerAndLogin, type TestApp } from "../../../test/test-app.ts";

let t: TestApp;
beforeAll(async () => void (t = await createTestApp({ PASSWORD_RESET_EXPIRES: "15m", TRUST_PROXY: "127.0.0.1" })));
afterAll(() => t.close());
// The clock is shared by every test here: each starts where the file began.
afterEach(() => t.clock.reset());

const NEW_PASSWORD = "a brand new password";
const INVALID = { status: 400, body: { error: "invalid_reset_token", msg: "The reset or verification token is wrong, used or expired" }, challenge: null };
const from = (address: string) => ({ "x-forwarded-for": address });
const forgot = (username: string, address = "10.20.0.1") => t.request("/auth/password/forgot", { method: "POST", json: { username }, headers: from(address) });
const reset = (token: unknown, new_password = NEW_PASSWORD, address = "10.20.0.1") =>
  t.request("/auth/password/reset", { method: "POST", json: { token, new_password }, headers: from(address) });
const login = (username: string, password: string) => t.request("/auth/login", { method: "POST", json: { username, password } });

/** Asks for a reset and answers the token delivered for `username`. */
async function resetTokenFor(username: string): Promise<string> {
  const before = t.deliveries.length;
  expect((await forgot(username)).status).toBe(202);
  await t.settled();
  const delivered = t.deliveries.slice(before).filter((delivery) => delivery.user.username === username);
  expect(delivered).toHaveLength(1);
  return delivered[0]!.token;
}

describe("POST /auth/password/forgot and /auth/password/reset", () => {
  test("a delivered token sets the new password, which logs in; the old one no longer does", async () => {
    const user = await registerAndLogin(t);
    const token = await resetTokenFor(user.username);
    const answer = await reset(token);
    expect(await outcome(answer)).toEqual({ status: 200, body: { msg: "Password reset; every session has ended" }, challenge: null });
    expect((await login(user.username, user.password)).status).toBe(401);
    expect((await login(user.username, NEW_PASSWORD)).status).toBe(200);
    expect(t.logs.some((line) => line.includes('"event":"password_reset"') && line.includes(user.id))).toBe(true);
  });

  test("S-32: a reset ends every session of the user: access and refresh tokens issued before are refused", async () => {
    const user = await registerAndLogin(t);
    const other = (await (await login(user.username, user.password)).json()) as TokenPair;
    await reset(await resetTokenFor(user.username));
    for (const access of [user.access, other.access_token]) expect((await t.request("/protected", { token: access })).status).toBe(401);
    for (const refresh of [user.refresh, other.refresh_token]) expect((await t.request("/auth/refresh", { method: "POST", token: refresh })).status).toBe(401);
  });

  test("S-32: the same answer for an unknown user as for a known one, and nothing is delivered for it", async () => {
    const user = await registerAndLogin(t);
    const before = t.deliveries.length;
    const known = await forgot(user.username);
    const unknown = await forgot(`nobody${crypto.randomUUID().slice(0, 8)}`);
    await t.settled();
    const expected = { status: 202, body: { msg: "If the account exists, a password reset token is on its way" }, challenge: null };
    expect(await outcome(known)).toEqual(expected);
    expect(await outcome(unknown)).toEqual(expected);
    expect([...known.headers.keys()].sort()).toEqual([...unknown.headers.keys()].sort());
    expect(t.deliveries.slice(before).map((delivery) => delivery.user.username)).toEqual([user.username]);
  });

  test("S-32: the same work before the answer: the user is looked up, and the token issued and delivered, only after it", async () => {
    const user = await registerAndLogin(t);
    const users = t.stores.users;
    const findByUsername = users.findByUsername;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const looked: string[] = [];
    // A lookup that waits: were it on the request's path, neither answer could come.
    users.findByUsername = async (name) => {
      looked.push(name);
      await held;
      return findByUsername.call(users, name);
    };
    try {
      const before = t.deliveries.length;
      const answers = await Promise.all([forgot(user.username), forgot("nobody_here_at_all")]);
      expect(answers.map((answer) => answer.status)).toEqual([202, 202]);
      expect(t.deliveries.length).toBe(before);
      release();
      await t.settled();
      expect(looked.sort()).toEqual([user.username, "nobody_here_at_all"].sort());
      expect(t.deliveries.slice(before).map((delivery) => delivery.user.id)).toEqual([user.id]);
    } finally {
      users.findByUsername = findByUsername;
    }
  });

  test("S-32: the token is random and only its hash is stored: the database row does not contain it", async () => {
    const user = await registerAndLogin(t);
    const first = await resetTokenFor(user.username);
    const rows = await t.stores.database.sql`select * from one_time_tokens where user_id = ${user.id}`;
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(first);
    expect(rows[0].token_hash).toBe(new Bun.CryptoHasher("sha256").update(first).digest("hex"));
    const second = await resetTokenFor(user.username);
    expect(second).not.toBe(first);
    expect(second).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  test("S-32: single-use: the token works once", async () => {
    const user = await registerAndLogin(t);
    const token = await resetTokenFor(user.username);
    expect((await reset(token)).status).toBe(200);
    expect(await outcome(await reset(token, "yet another password"))).toEqual(INVALID);
    expect((await login(user.username, NEW_PASSWORD)).status).toBe(200);
  });

  test("S-32: short-lived: the token stops working after PASSWORD_RESET_EXPIRES", async () => {
    const user = await registerAndLogin(t);
    const token = await resetTokenFor(user.username);
    t.clock.advance(15 * 60);
    expect(await outcome(await reset(token))).toEqual(INVALID);
    expect((await login(user.username, user.password)).status).toBe(200);
  });

  test("a second request ends the first token", async () => {
    const user = await registerAndLogin(t);
    const first = await resetTokenFor(user.username);
    const second = await resetTokenFor(user.username);
    expect(await outcome(await reset(first))).toEqual(INVALID);
    expect((await reset(second)).status).toBe(200);
  });

  test("wrong tokens of every shape are refused alike, never 500", async () => {
    const user = await registerAndLogin(t);
    const token = await resetTokenFor(user.username);
    const flipped = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    for (const wrong of [flipped, token.slice(1), `${token}A`, "x".repeat(256), "not a token"]) expect(await outcome(await reset(wrong))).toEqual(INVALID);
    expect((await reset(token)).status).toBe(200);
  });

  test("the new password follows registration's rule; a refused one leaves the token usable", async () => {
    const user = await registerAndLogin(t);
    const token = await resetTokenFor(user.username);
    expect(await outcome(await reset(token, "short"))).toEqual({
      status: 400,
      body: { error: "invalid_request", msg: "new_password must be at least 8 characters" },
      challenge: null,
    });
    expect(await outcome(await t.request("/auth/password/reset", { method: "POST", json: { new_password: NEW_PASSWORD } }))).toEqual({
      status: 400,
      body: { error: "missing_parameter", msg: "Missing token parameter" },
      challenge: null,
    });
    expect((await reset(token)).status).toBe(200);
  });

  test("a password change ends a reset token asked for before", async () => {
    const user = await registerAndLogin(t);
    const token = await resetTokenFor(user.username);
    const changed = await t.request("/auth/password", { method: "PUT", token: user.access, json: { current_password: user.password, new_password: "changed the usual way" } });
    expect(changed.status).toBe(200);
    expect(await outcome(await reset(token))).toEqual(INVALID);
  });

  test("a disabled account is sent nothing, with the same answer", async () => {
    const user = await registerAndLogin(t);
    await t.stores.database.sql`update users set disabled_at = ${t.clock()} where id = ${user.id}`;
    const before = t.deliveries.length;
    expect((await forgot(user.username)).status).toBe(202);
    await t.settled();
    expect(t.deliveries.length).toBe(before);
  });
});

describe("S-32: asking for and redeeming tokens is rate-limited", () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({
      PASSWORD_RESET_MAX_PER_ACCOUNT: "2",
      PASSWORD_RESET_MAX_PER_ADDRESS: "3",
      RESET_TOKEN_MAX_FAILURES_PER_ADDRESS: "2",
      THROTTLE_WINDOW: "15m",
      TRUST_PROXY: "127.0.0.1",
    });
  });
  afterAll(() => limited.close());
  const ask = (username: string, address: string) => limited.request("/auth/password/forgot", { method: "POST", json: { username }, headers: from(address) });
  const THROTTLED = { status: 429, body: { error: "rate_limited", msg: "Too many attempts; try again in 900 seconds" }, challenge: null };

  test("per account, whether or not it exists, from any address", async () => {
    for (const name of ["limited_known", "limited_unknown"]) {
      if (name === "limited_known") await limited.request("/auth/register", { method: "POST", json: { username: name, password: "correct horse battery" } });
      expect((await ask(name, "10.30.0.1")).status).toBe(202);
      expect((await ask(name, "10.30.0.2")).status).toBe(202);
      expect(await outcome(await ask(name, "10.30.0.3"))).toEqual(THROTTLED);
    }
    await limited.settled();
    expect(limited.logs.filter((line) => line.includes('"event":"password_reset_throttled"'))).toHaveLength(2);
  });

  test("per client address, across accounts", async () => {
    for (const name of ["addr_a", "addr_b", "addr_c"]) expect((await ask(name, "10.31.0.1")).status).toBe(202);
    expect(await outcome(await ask("addr_d", "10.31.0.1"))).toEqual(THROTTLED);
    expect((await ask("addr_d", "10.31.0.2")).status).toBe(202);
  });

  test("wrong tokens per client address: past the limit even a good token waits", async () => {
    await limited.request("/auth/register", { method: "POST", json: { username: "guessed_user", password: "correct horse battery" } });
    const before = limited.deliveries.length;
    expect((await ask("guessed_user", "10.32.0.9")).status).toBe(202);
    await limited.settled();
    const { token } = limited.deliveries[before]!;
    const attempt = (value: string) => limited.request("/auth/password/reset", { method: "POST", json: { token: value, new_password: NEW_PASSWORD }, headers: from("10.32.0.1") });
    for (let i = 0; i < 2; i++) expect((await attempt("A".repeat(43))).status).toBe(400);
    expect(await outcome(await attempt(token))).toEqual(THROTTLED);
    // Refused before the token was looked at: it still works from elsewhere.
    const elsewhere = await limited.request("/auth/password/reset", { method: "POST", json: { token, new_password: NEW_PASSWORD }, headers: from("10.32.0.2") });
    expect(elsewhere.status).toBe(200);
  });
});

describe("a production deployment with no delivery channel", () => {
  test("works as before: forgot still answers 202, nothing is delivered or logged with a token, and the rest of the API is untouched", async () => {
    const production = await createTestApp({ NODE_ENV: "production", AUTH_REGISTRATION: "open" });
    try {
      expect(production.config.warnings).toContain("password resets cannot be delivered: neither PASSWORD_RESET_WEBHOOK nor SMTP_URL is set (forgot still answers 202)");
      const user = await registerAndLogin(production);
      const answer = await production.request("/auth/password/forgot", { method: "POST", json: { username: user.username } });
      expect(await outcome(answer)).toEqual({ status: 202, body: { msg: "If the account exists, a password reset token is on its way" }, challenge: null });
      await production.settled();
      expect(production.deliveries).toEqual([]);
      expect(production.logs.filter((line) => line.startsWith("delivery_error"))).toEqual([]);
      const [row] = await production.stores.database.sql`select count(*) as issued from one_time_tokens where user_id = ${user.id}`;
      expect(Number(row.issued)).toBe(1);
      expect((await production.request("/protected", { token: user.access })).status).toBe(200);
    } finally {
      await production.close();
    }
  });
});
