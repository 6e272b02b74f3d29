// The demo page's passkey buttons in Chromium, through @jot/sdk's registerPasskey and
// loginWithPasskey, with a CDP virtual authenticator. The page is opened as http://localhost:PORT
// (Chromium refuses an IP address as a passkey's site) while both servers bind 127.0.0.1; jot's
// CORS_ORIGINS names that origin, from which it takes the passkeys' RP ID (localhost) and origin.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, type CDPSession, chromium, type Page } from "playwright-core";
import { CHROMIUM, chromiumArgs, describeWith, probeChromium, type ServerProcess, spawnServer } from "@jot/testing";
import { buildDemo } from "../scripts/build.ts";
import { serveDemo, type DemoServer } from "../src/serve-demo.ts";

// Locally a machine without Debian's Chromium skips this suite saying why; under CI its absence fails.
const browser = await probeChromium();
const RESULTS = join(import.meta.dir, "..", ".test-results");
const SCREENSHOT_IN_DOCS = join(import.meta.dir, "..", "..", "..", "docs", "demo-passkeys.png");
const WAIT_MS = 15_000;
const PASSWORD = "correct horse battery staple";

let work: string;
let jot: ServerProcess;
let demo: DemoServer;
let context: BrowserContext;
let page: Page;
let cdp: CDPSession;
let jotUrl = "";

describeWith(browser, "the demo page's passkeys in Chromium, through the SDK", () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "jot-demo-passkeys-"));
    demo = serveDemo({ dir: await buildDemo(join(work, "dist")), jotUrl: () => jotUrl });
    const pageOrigin = demo.origin.replace("127.0.0.1", "localhost");
    jot = await spawnServer({ CORS_ORIGINS: pageOrigin });
    jotUrl = jot.url;
    context = await chromium.launchPersistentContext(join(work, "user-data"), {
      executablePath: CHROMIUM,
      headless: true,
      args: chromiumArgs(["127.0.0.1", "localhost"]),
    });
    page = await context.newPage();
    await page.goto(`${pageOrigin}/?autoRefresh=off`, { timeout: WAIT_MS });
    await page.locator('body[data-ready="true"]').waitFor({ timeout: WAIT_MS });
    cdp = await context.newCDPSession(page);
    await cdp.send("WebAuthn.enable");
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await demo?.stop();
    await jot?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const username = `passkey-${crypto.randomUUID().slice(0, 8)}`;
  const addAuthenticator = async () =>
    (
      await cdp.send("WebAuthn.addVirtualAuthenticator", {
        options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
      })
    ).authenticatorId;
  const message = () => page.getByTestId("message");
  const claims = async () => JSON.parse((await page.getByTestId("claims").textContent()) ?? "null") as Record<string, unknown> | null;
  async function shows(locator: ReturnType<Page["getByTestId"]>, text: string): Promise<void> {
    await locator.filter({ hasText: text }).waitFor({ timeout: WAIT_MS });
    expect((await locator.textContent())?.trim()).toBe(text);
  }
  async function logOut(): Promise<void> {
    await page.locator("#logout").click();
    await shows(page.getByTestId("status"), "Signed out");
  }
  let authenticator: string;

  test("after a password login the page adds a passkey, then logs in with it by username and without one", async () => {
    authenticator = await addAuthenticator();
    await page.locator("#username").fill(username);
    await page.locator("#password").fill(PASSWORD);
    await page.locator("#register").click();
    await shows(message(), `Registered ${username}; now log in.`);
    await page.locator("#password").fill(PASSWORD);
    await page.locator("#login").click();
    await shows(page.getByTestId("status"), `Signed in as ${username}`);
    await page.locator("#passkey-register").click();
    await shows(message(), "Passkey added: Demo passkey.");

    await logOut();
    await page.locator("#passkey-login").click();
    await shows(page.getByTestId("status"), `Signed in as ${username}`);
    expect(await claims()).toMatchObject({ username, fresh: true, amr: ["swk", "user", "mfa"] });

    await logOut();
    await page.locator("#username").fill("");
    await page.locator("#passkey-login").click();
    await shows(message(), `Welcome, ${username} (passkey).`);
    // The page signed in by a passkey, as the README shows it (rewritten there only with UPDATE_SCREENSHOTS=1).
    const shot = process.env.UPDATE_SCREENSHOTS === "1" ? SCREENSHOT_IN_DOCS : join(RESULTS, "demo-passkeys.png");
    mkdirSync(join(shot, ".."), { recursive: true });
    await page.screenshot({ path: shot, fullPage: true });
    await logOut();
  }, 60_000);

  test("a device without the passkey ends the ceremony: the SDK rejects with passkey_cancelled", async () => {
    await cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: authenticator });
    const empty = await addAuthenticator();
    await page.locator("#username").fill(username);
    await page.locator("#passkey-login").click();
    await shows(message(), "passkey_cancelled (0): The passkey ceremony ended without a passkey");
    await cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: empty });
  }, 60_000);

  test("a passkey removed on the server: the SDK rejects with unknown_passkey", async () => {
    // A new passkey on a new authenticator, which keeps it after the server forgets it.
    authenticator = await addAuthenticator();
    await page.locator("#password").fill(PASSWORD);
    await page.locator("#login").click();
    await shows(page.getByTestId("status"), `Signed in as ${username}`);
    await page.locator("#passkey-register").click();
    await shows(message(), "Passkey added: Demo passkey.");
    await logOut();

    const login = await fetch(`${jotUrl}/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password: PASSWORD }) });
    const { access_token } = (await login.json()) as { access_token: string };
    const bearer = { authorization: `Bearer ${access_token}` };
    const { passkeys } = (await (await fetch(`${jotUrl}/auth/passkeys`, { headers: bearer })).json()) as { passkeys: Array<{ id: string }> };
    for (const { id } of passkeys) expect((await fetch(`${jotUrl}/auth/passkeys/${id}`, { method: "DELETE", headers: bearer })).status).toBe(200);

    await page.locator("#username").fill("");
    await page.locator("#passkey-login").click();
    expect((await cdp.send("WebAuthn.getCredentials", { authenticatorId: authenticator })).credentials).toHaveLength(1);
    await shows(message(), "unknown_passkey (401): Unknown passkey");
    expect(await page.getByTestId("status").textContent()).toBe("Signed out");
  }, 60_000);
});
