// Passkeys in a real browser: Debian's Chromium (playwright-core) with CDP virtual authenticators
// answers the ceremonies on a page at http://localhost:PORT, and the app answers in process on the
// same SQLite database the test reads back. Chromium refuses an IP address as an RP ID, so the RP ID
// is `localhost` and the expected origin carries the page's port, while the page server binds
// 127.0.0.1. Every wait is bounded; no timing is asserted.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { PASSKEY_AMR } from "@jot/elysia/server";
import { claimsOf, describeWith } from "@jot/testing";
import { base64url, chromiumService, openPasskeyBrowser, type PasskeyBrowser } from "../test/passkey-browser.ts";
import { createTestApp, type TestApp } from "../test/test-app.ts";

const PASSWORD = "correct horse battery";
const PAGE = "<!doctype html><meta charset=utf-8><title>jot passkeys</title>";
const started = performance.now();

let t: TestApp;
let browser: PasskeyBrowser;
let page: ReturnType<typeof Bun.serve>;

describeWith(chromiumService, "passkeys in Chromium with a virtual authenticator", () => {
  beforeAll(async () => {
    page = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response(PAGE, { headers: { "content-type": "text/html" } }) });
    const origin = `http://localhost:${page.port}`;
    t = await createTestApp({ WEBAUTHN_RP_ID: "localhost", WEBAUTHN_ORIGINS: origin });
    browser = await openPasskeyBrowser(origin);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    page?.stop(true);
    await t?.close();
    // The suite's run time, for the README's record: never asserted.
    console.log(`passkey browser suite: ${Math.round(performance.now() - started)} ms`);
  });

  const post = async (path: string, json: unknown, token?: string) => {
    const response = await t.request(path, { method: "POST", json, ...(token === undefined ? {} : { token }) });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const events = (name: string) => t.logs.filter((line) => line.startsWith("{")).map((line) => JSON.parse(line)).filter((line) => line.event === name);

  /** A new user signed in with a password: their name and a fresh access token. */
  async function signedInUser(): Promise<{ username: string; token: string; id: string }> {
    const username = `pk_${crypto.randomUUID().slice(0, 8)}`;
    await post("/auth/register", { username, password: PASSWORD });
    const { body } = await post("/auth/login", { username, password: PASSWORD });
    return { username, token: body.access_token, id: String(claimsOf(body.access_token).sub) };
  }

  /** Registers a passkey on the attached authenticator for a signed-in user. */
  async function registerPasskey(token: string, name?: string) {
    const options = await post("/auth/passkeys/register/options", {}, token);
    expect(options.status).toBe(200);
    const response = await browser.create(options.body);
    return post("/auth/passkeys/register/verify", { response, ...(name ? { name } : {}) }, token);
  }

  /** A passkey login: options (with a username or none), the authenticator's answer, the verify's answer. */
  async function loginWithPasskey(username?: string): Promise<{ options: Record<string, any>; failed?: string; status?: number; body?: Record<string, any>; sent?: unknown }> {
    const options = await post("/auth/passkeys/login/options", username === undefined ? {} : { username });
    expect(options.status).toBe(200);
    const response = await browser.get(options.body);
    if ("failed" in response) return { failed: String(response.failed), options: options.body };
    const body = { challenge_id: options.body.challenge_id, response };
    return { ...(await post("/auth/passkeys/login/verify", body)), sent: body, options: options.body };
  }

  let alice: { username: string; token: string; id: string };
  let authenticator: string;
  let passkeyId: string;

  test("a user with a fresh token registers a passkey; the same authenticator cannot register it twice", async () => {
    alice = await signedInUser();
    authenticator = await browser.addAuthenticator();
    const added = await registerPasskey(alice.token, "Laptop");
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ id: expect.stringMatching(/^[A-Za-z0-9_-]+$/), name: "Laptop", created_at: new Date(t.clock()).toISOString() });
    passkeyId = added.body.id;
    // CDP names the credential in standard base64, the server in base64url: the same bytes.
    expect((await browser.credentials(authenticator)).map(({ credentialId }) => base64url(credentialId))).toEqual([passkeyId]);

    const listed = await t.request("/auth/passkeys", { token: alice.token });
    expect(await listed.json()).toEqual({
      passkeys: [{ id: passkeyId, name: "Laptop", created_at: new Date(t.clock()).toISOString(), last_used_at: null, device_type: "singleDevice", backed_up: false }],
    });
    expect(events("passkey_added")).toMatchObject([{ user_id: alice.id, passkey_id: passkeyId }]);

    // The options exclude the passkey the authenticator holds: the browser refuses to make another.
    const again = await post("/auth/passkeys/register/options", {}, alice.token);
    expect(again.body.excludeCredentials).toEqual([expect.objectContaining({ id: passkeyId })]);
    expect(again.body.pubKeyCredParams.map(({ alg }: { alg: number }) => alg)).toEqual([-7, -8, -257]);
    expect(again.body.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });
    expect(await browser.create(again.body)).toEqual({ failed: "InvalidStateError" });
  }, 60_000);

  test("a login naming the user gets a fresh session whose amr names a verified passkey", async () => {
    const login = await loginWithPasskey(alice.username);
    expect(login.options.allowCredentials).toEqual([expect.objectContaining({ id: passkeyId })]);
    expect(login.options.userVerification).toBe("required");
    expect(login).toMatchObject({ status: 200, body: { token_type: "Bearer" } });
    const claims = claimsOf(login.body!.access_token);
    expect(claims).toMatchObject({ sub: alice.id, username: alice.username, fresh: true, type: "access", amr: [...PASSKEY_AMR] });
    expect(events("passkey_login_ok")).toMatchObject([{ user_id: alice.id, passkey_id: passkeyId, session_id: claims.sid }]);
    const [listed] = ((await (await t.request("/auth/passkeys", { token: alice.token })).json()) as { passkeys: Array<{ last_used_at: string }> }).passkeys;
    expect(listed?.last_used_at).toBe(new Date(t.clock()).toISOString());
  }, 60_000);

  test("a usernameless login finds the user from the passkey the authenticator offers", async () => {
    const login = await loginWithPasskey();
    expect(login.options.allowCredentials).toEqual([]);
    expect(login.status).toBe(200);
    expect(claimsOf(login.body!.access_token)).toMatchObject({ sub: alice.id, amr: [...PASSKEY_AMR] });
  }, 60_000);

  test("a replayed assertion is refused: its challenge was used", async () => {
    const login = await loginWithPasskey(alice.username);
    expect(login.status).toBe(200);
    const replay = await post("/auth/passkeys/login/verify", login.sent);
    expect(replay).toEqual({ status: 401, body: { error: "bad_credentials", msg: "The passkey challenge is unknown, used or expired" } });
    expect(events("passkey_login_failed").at(-1)).toMatchObject({ code: "bad_credentials", reason: "challenge" });
  }, 60_000);

  test("another authenticator, holding no passkey of the user, cannot log in", async () => {
    const credentials = await browser.credentials(authenticator);
    await browser.removeAuthenticator(authenticator);
    const empty = await browser.addAuthenticator();
    expect(await loginWithPasskey(alice.username)).toMatchObject({ failed: "NotAllowedError" });
    expect(await loginWithPasskey()).toMatchObject({ failed: "NotAllowedError" });
    await browser.removeAuthenticator(empty);
    // The real authenticator comes back for the next test, its counter as it was.
    authenticator = await browser.addAuthenticator();
    await browser.addCredential(authenticator, credentials[0]!);
  }, 60_000);

  test("a cloned authenticator (the key copied, its counter reset) is refused, and the passkey flagged and audited", async () => {
    const [original] = await browser.credentials(authenticator);
    expect(original!.signCount).toBeGreaterThan(1);
    await browser.removeAuthenticator(authenticator);
    const clone = await browser.addAuthenticator();
    await browser.addCredential(clone, { ...original!, signCount: 0 });

    const login = await loginWithPasskey(alice.username);
    expect(login).toMatchObject({ status: 401, body: { error: "bad_credentials", msg: "Passkey not accepted" } });
    expect(events("passkey_clone_detected")).toMatchObject([{ level: "warn", user_id: alice.id, passkey_id: passkeyId, reason: "cloned" }]);
    const [row] = await t.stores.database.sql`select flagged_at from passkeys where id = ${passkeyId}`;
    expect(Number(row.flagged_at)).toBe(t.clock());

    // Flagged, the passkey logs nobody in again, even from an authenticator whose counter is ahead.
    await browser.removeAuthenticator(clone);
    authenticator = await browser.addAuthenticator();
    await browser.addCredential(authenticator, { ...original!, signCount: original!.signCount + 100 });
    expect(await loginWithPasskey()).toMatchObject({ status: 401, body: { error: "bad_credentials" } });
    expect(events("passkey_login_failed").at(-1)).toMatchObject({ passkey_id: passkeyId, reason: "flagged" });
    await browser.removeAuthenticator(authenticator);
  }, 60_000);

  test("a passkey removed with a fresh token logs in no more: the server answers unknown_passkey", async () => {
    const bob = await signedInUser();
    authenticator = await browser.addAuthenticator();
    const added = await registerPasskey(bob.token);
    expect(added).toMatchObject({ status: 201, body: { name: "Passkey" } });
    const id = added.body.id as string;

    const refreshed = await post("/auth/login", { username: bob.username, password: PASSWORD });
    const notFresh = (await post("/auth/refresh", {}, refreshed.body.refresh_token)).body.access_token;
    const stale = await t.request(`/auth/passkeys/${id}`, { method: "DELETE", token: notFresh });
    expect(stale.status).toBe(401);
    expect(await stale.json()).toEqual({ error: "fresh_token_required", msg: "Fresh token required" });
    expect((await t.request(`/auth/passkeys/${id}`, { method: "DELETE", token: alice.token })).status).toBe(404);

    const removed = await t.request(`/auth/passkeys/${id}`, { method: "DELETE", token: bob.token });
    expect(await removed.json()).toEqual({ msg: "Passkey removed" });
    expect(events("passkey_removed")).toMatchObject([{ user_id: bob.id, passkey_id: id }]);
    expect(await loginWithPasskey()).toMatchObject({ status: 401, body: { error: "unknown_passkey", msg: "Unknown passkey" } });
    await browser.removeAuthenticator(authenticator);
  }, 60_000);
});
