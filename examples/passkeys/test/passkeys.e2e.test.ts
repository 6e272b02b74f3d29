// The example in a real browser: Debian's Chromium (playwright-core) with CDP virtual
// authenticators clicks the page's buttons. Chromium refuses an IP address as a relying party ID,
// so the page is opened at http://localhost:PORT while the app binds 127.0.0.1. Every wait is
// bounded; no timing is asserted.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, type CDPSession, chromium, type Page } from "playwright-core";
import { PASSKEY_AMR } from "@jot/elysia";
import { CHROMIUM, chromiumArgs, describeWith, probeChromium } from "@jot/testing";
import { passkeysApp } from "../app.ts";

/** Locally a machine without Debian's Chromium skips the suite saying why; under CI its absence fails. */
const chromiumService = await probeChromium();
const started = performance.now();

/** A port the kernel just handed out, closed again for the app to take: its origin names the port. */
function freePort(): number {
  const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const { port } = listener;
  listener.stop(true);
  return port;
}

let app: Awaited<ReturnType<typeof passkeysApp>>;
let base = "";
let work = "";
let context: BrowserContext;
let page: Page;
let cdp: CDPSession;

/** Attaches a new internal, discoverable, user-verifying authenticator; answers its id. */
async function addAuthenticator(): Promise<string> {
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  return authenticatorId;
}

/** Clicks a button of the page and waits for it to say how that ended. */
async function click(button: string): Promise<{ outcome: string | null; status: string; token: string }> {
  await page.click(`#${button}`);
  await page.waitForSelector("#status[data-outcome]", { timeout: 15_000 });
  return {
    outcome: await page.getAttribute("#status", "data-outcome"),
    status: (await page.textContent("#status")) ?? "",
    token: (await page.textContent("#token")) ?? "",
  };
}

/** `GET /me` with a token, from outside the browser. */
async function me(token: string) {
  const response = await fetch(`${base}/me`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describeWith(chromiumService, "the passkeys example in Chromium with a virtual authenticator", () => {
  const username = `ada_${crypto.randomUUID().slice(0, 8)}`;
  let authenticator: string;

  beforeAll(async () => {
    const port = freePort();
    app = await passkeysApp({ secret: "passkeys-example-test-secret-32-bytes", origin: `http://localhost:${port}` });
    app.listen({ hostname: "127.0.0.1", port });
    base = `http://127.0.0.1:${port}`;
    work = mkdtempSync(join(tmpdir(), "jot-passkeys-example-"));
    context = await chromium.launchPersistentContext(join(work, "user-data"), { executablePath: CHROMIUM, headless: true, args: chromiumArgs(["127.0.0.1", "localhost"]) });
    page = await context.newPage();
    await page.goto(`http://localhost:${port}/`, { timeout: 15_000 });
    cdp = await context.newCDPSession(page);
    await cdp.send("WebAuthn.enable");
    authenticator = await addAuthenticator();
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (work) rmSync(work, { recursive: true, force: true });
    await app?.stop(true);
    // The suite's run time, for the record: never asserted.
    console.log(`passkeys example suite: ${Math.round(performance.now() - started)} ms`);
  });

  test("signing up registers a passkey on the authenticator, and the sign-up token opens /me", async () => {
    await page.fill("#username", username);
    const registered = await click("register");
    expect(registered).toMatchObject({ outcome: "ok", status: `a passkey is registered for ${username}` });
    const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId: authenticator });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: "localhost" });
    // The sign-up token was issued without a passkey: it names the user, not how they proved it.
    expect(await me(registered.token)).toMatchObject({ status: 200, body: { username, amr: null } });
  }, 30_000);

  test("signing in with the username answers a token whose amr names the passkey, and /me takes it", async () => {
    await page.fill("#username", username);
    const signedIn = await click("login");
    expect(signedIn).toMatchObject({ outcome: "ok", status: "signed in with a passkey" });
    expect(await me(signedIn.token)).toEqual({ status: 200, body: { id: expect.any(String), username, amr: [...PASSKEY_AMR] } });
    expect(JSON.parse((await page.textContent("#me")) ?? "")).toMatchObject({ username, amr: [...PASSKEY_AMR] });
  }, 30_000);

  test("signing in without a username finds the user from the discoverable passkey", async () => {
    await page.fill("#username", "");
    const signedIn = await click("login-usernameless");
    expect(signedIn).toMatchObject({ outcome: "ok", status: "signed in with a passkey" });
    expect(await me(signedIn.token)).toMatchObject({ status: 200, body: { username, amr: [...PASSKEY_AMR] } });
  }, 30_000);

  test("another authenticator, without the passkey, signs nobody in", async () => {
    await cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: authenticator });
    authenticator = await addAuthenticator();
    await page.fill("#username", username);
    expect(await click("login")).toMatchObject({ outcome: "error", status: expect.stringMatching(/^NotAllowedError/), token: "" });
    expect(await click("login-usernameless")).toMatchObject({ outcome: "error", status: expect.stringMatching(/^NotAllowedError/), token: "" });
  }, 30_000);

  test("the app's routes answer refusals as JSON: no token, and a challenge that was never issued", async () => {
    expect(await me("not-a-token")).toMatchObject({ status: 401, body: { error: "invalid_token" } });
    const forged = await fetch(`${base}/passkeys/login/verify`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ challenge_id: "never-issued", response: { id: "AAAA", response: {} } }),
    });
    expect({ status: forged.status, body: await forged.json() }).toMatchObject({ status: 401, body: { error: "bad_credentials" } });
  });
});
