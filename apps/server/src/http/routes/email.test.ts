import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import type { TokenPair } from "@jot/shared";
import { claimsOf, REVOKED } from "@jot/testing";
import { UserAdminStore } from "../../admin/user-admin-store.ts";
import { createTestApp, outcome, registerAndLogin, type TestApp } from "../../../test/test-app.ts";

let t: TestApp;
beforeAll(async () => void (t = await createTestApp()));
afterAll(() => t.close());
afterEach(() => t.clock.reset());

const setEmail = (token: string, email: unknown) => t.request("/auth/email", { method: "PUT", token, json: { email } });
const verify = (token: unknown) => t.request("/auth/email/verify", { method: "POST", json: { token } });
const unique = (name: string) => `${name}${crypto.randomUUID().slice(0, 8)}@example.com`;
const INVALID = { status: 400, body: { error: "invalid_reset_token", msg: "The reset or verification token is wrong, used or expired" }, challenge: null };

/** The last token delivered to `email`. */
async function tokenSentTo(email: string): Promise<string> {
  await t.settled();
  const delivery = t.deliveries.findLast((each) => each.user.email === email && each.kind === "email_verification");
  if (!delivery) throw new Error(`nothing was delivered to ${email}`);
  return delivery.token;
}

async function userRow(id: string) {
  const [row] = await t.stores.database.sql`select email, email_key, email_verified_at from users where id = ${id}`;
  return row as { email: string | null; email_key: string | null; email_verified_at: number | null };
}

describe("PUT /auth/email and POST /auth/email/verify", () => {
  test("sets an unverified email and delivers a verification token to it; the token verifies it once", async () => {
    const user = await registerAndLogin(t);
    const email = unique("Nate.");
    expect(await outcome(await setEmail(user.access, email))).toEqual({ status: 202, body: { msg: "Email set; a verification token is on its way" }, challenge: null });
    expect(await userRow(user.id)).toEqual({ email, email_key: email.toLowerCase(), email_verified_at: null });
    const token = await tokenSentTo(email);
    expect(t.deliveries.at(-1)!.user).toEqual({ id: user.id, username: user.username, email });
    expect(await outcome(await verify(token))).toEqual({ status: 200, body: { msg: "Email verified" }, challenge: null });
    expect((await userRow(user.id)).email_verified_at).toBe(t.clock());
    expect(await outcome(await verify(token))).toEqual(INVALID);
  });

  test("needs a fresh token: changing where reset mail goes is as sensitive as the password", async () => {
    const user = await registerAndLogin(t);
    const refreshed = (await (await t.request("/auth/refresh", { method: "POST", token: user.refresh })).json()) as TokenPair;
    expect((await outcome(await setEmail(refreshed.access_token, unique("stale")))).body).toEqual({ error: "fresh_token_required", msg: "Fresh token required" });
    expect((await userRow(user.id)).email).toBeNull();
  });

  test("a fresh token whose user was deleted on the database is answered 401 user_not_found, as PUT /auth/password answers it, and its session ends", async () => {
    const user = await registerAndLogin(t);
    await new UserAdminStore(t.stores.database.sql, t.clock).delete(user.id);
    expect(await outcome(await setEmail(user.access, unique("gone")))).toEqual({
      status: 401,
      body: { error: "user_not_found", msg: "User not found" },
      challenge: 'Bearer realm="jot", error="invalid_token", error_description="User not found"',
    });
    expect(await outcome(await t.request("/auth/refresh", { method: "POST", token: user.refresh }))).toEqual(REVOKED);
  });

  test("emails are unique regardless of case: another account's is 409 email_taken", async () => {
    const first = await registerAndLogin(t);
    const second = await registerAndLogin(t);
    const email = unique("shared");
    expect((await setEmail(first.access, email)).status).toBe(202);
    expect(await outcome(await setEmail(second.access, email.toUpperCase()))).toEqual({ status: 409, body: { error: "email_taken", msg: "Email already in use" }, challenge: null });
    const registered = await t.request("/auth/register", { method: "POST", json: { username: `u${crypto.randomUUID().slice(0, 8)}`, password: "correct horse battery", email: email.toUpperCase() } });
    expect(await outcome(registered)).toEqual({ status: 409, body: { error: "email_taken", msg: "Email already in use" }, challenge: null });
    expect((await userRow(second.id)).email).toBeNull();
  });

  test("a malformed email is refused with invalid_request, never stored", async () => {
    const user = await registerAndLogin(t);
    for (const bad of ["no-at-sign", "a@b", "a b@c.de", "a@b.c\r\nBcc: x@y.z", "<a@b.co>", `${"a".repeat(250)}@b.co`]) {
      expect((await outcome(await setEmail(user.access, bad))).body).toMatchObject({ error: "invalid_request" });
    }
    expect((await outcome(await setEmail(user.access, 42))).body).toEqual({ error: "invalid_request", msg: "email must be a string" });
    expect((await userRow(user.id)).email).toBeNull();
  });

  test("a token sent to an email since replaced verifies nothing", async () => {
    const user = await registerAndLogin(t);
    const old = unique("old");
    await setEmail(user.access, old);
    const oldToken = await tokenSentTo(old);
    const next = unique("next");
    await setEmail(user.access, next);
    expect(await outcome(await verify(oldToken))).toEqual(INVALID);
    expect((await userRow(user.id)).email_verified_at).toBeNull();
    expect((await verify(await tokenSentTo(next))).status).toBe(200);
  });

  test("the same verified email again stays verified and sends nothing", async () => {
    const user = await registerAndLogin(t);
    const email = unique("again");
    await setEmail(user.access, email);
    await verify(await tokenSentTo(email));
    const sent = t.deliveries.length;
    expect(await outcome(await setEmail(user.access, email))).toEqual({ status: 200, body: { msg: "Email already verified" }, challenge: null });
    await t.settled();
    expect(t.deliveries.length).toBe(sent);
    expect((await userRow(user.id)).email_verified_at).not.toBeNull();
  });

  test("register takes an optional email, unverified, and delivers its verification token; tokens never carry it", async () => {
    const username = `reg${crypto.randomUUID().slice(0, 8)}`;
    const email = unique("reg");
    const registered = await t.request("/auth/register", { method: "POST", json: { username, password: "correct horse battery", email } });
    expect(registered.status).toBe(201);
    const { id } = (await registered.json()) as { id: string };
    expect((await verify(await tokenSentTo(email))).status).toBe(200);
    const pair = (await (await t.request("/auth/login", { method: "POST", json: { username, password: "correct horse battery" } })).json()) as TokenPair;
    for (const token of [pair.access_token, pair.refresh_token]) expect(JSON.stringify(claimsOf(token))).not.toContain(email.split("@")[0]!);
    const me = await (await t.request("/auth/me", { token: pair.access_token })).text();
    expect(me).not.toContain(email);
    expect((await userRow(id)).email_verified_at).not.toBeNull();
  });

  test("only a verified email receives reset tokens: before verification the delivery names no email", async () => {
    const user = await registerAndLogin(t);
    const email = unique("reset");
    await setEmail(user.access, email);
    const forgot = () => t.request("/auth/password/forgot", { method: "POST", json: { username: user.username } });
    await forgot();
    await t.settled();
    expect(t.deliveries.at(-1)).toMatchObject({ kind: "password_reset", user: { id: user.id, email: null } });
    await verify(await tokenSentTo(email));
    await forgot();
    await t.settled();
    expect(t.deliveries.at(-1)).toMatchObject({ kind: "password_reset", user: { id: user.id, email } });
  });
});
