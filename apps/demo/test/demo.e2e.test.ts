// The demo page in a real browser: Debian's Chromium driven by playwright-core, against a real jot
// server whose access tokens live 3 s. Everything stays on loopback: the page and jot listen on
// 127.0.0.1, Chromium's own background traffic is switched off by flags, its host resolver maps
// every other name to nothing, and any page request to another host is aborted and counted.
// Every wait is bounded (Playwright's timeouts); no timing is asserted.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { describeWith, eventually, oathtoolCode, oathtoolService, CHROMIUM, chromiumArgs, probeChromium, type ServerProcess, spawnServer } from "@jot/testing";
import { buildDemo } from "../scripts/build.ts";
import { serveDemo, type DemoServer } from "../src/serve-demo.ts";

// Locally a machine without Debian's Chromium skips this suite saying why; CI installs it, and there
// its absence fails the run.
const browser = await probeChromium();
const RESULTS = join(import.meta.dir, "..", ".test-results");
const WAIT_MS = 15_000;
const PASSWORD = "correct horse battery staple";
/** The SDK's two transports: the demo runs through each against a jot configured for it. */
type Transport = "bearer" | "cookies";

let work: string;
let jot: ServerProcess;
let demo: DemoServer;
let context: BrowserContext;
let jotUrl = "";
const offLoopback: string[] = [];
/** `POST /auth/refresh` requests the pages sent, from every tab. */
const refreshRequests: string[] = [];
/** While set, refresh requests wait for it before going to jot; `held` resolves when one is waiting. */
let refreshGate: { open: Promise<void>; release: () => void; held: Promise<void>; markHeld: () => void } | null = null;

function closeRefreshGate(): NonNullable<typeof refreshGate> {
  const open = Promise.withResolvers<void>();
  const held = Promise.withResolvers<void>();
  refreshGate = { open: open.promise, release: open.resolve, held: held.promise, markHeld: held.resolve };
  return refreshGate;
}

/** Starts jot (for `transport`), the demo server and Chromium; stops them after the transport's tests. */
function startBrowserSuite(transport: Transport): void {
  beforeAll(async () => {
    if (browser.missing !== undefined) return;
    offLoopback.length = 0;
    mkdirSync(RESULTS, { recursive: true });
    work = mkdtempSync(join(tmpdir(), "jot-demo-e2e-"));
    const dir = await buildDemo(join(work, "dist"));
    // The page's origin must be known before jot starts (it goes into CORS_ORIGINS), and jot's URL
    // before the page loads: the demo server reads it per request.
    demo = serveDemo({ dir, jotUrl: () => jotUrl });
    const cookies: Record<string, string> = transport === "cookies" ? { JWT_TOKEN_LOCATION: "cookies" } : {};
    jot = await spawnServer({ JWT_ACCESS_TOKEN_EXPIRES: "3s", CORS_ORIGINS: demo.origin, ...cookies });
    jotUrl = jot.url;

    context = await chromium.launchPersistentContext(join(work, "user-data"), {
      executablePath: CHROMIUM,
      headless: true,
      args: chromiumArgs(),
      viewport: { width: 1100, height: 1300 },
    });
    await context.route("**/*", async (route) => {
      const request = route.request();
      const url = new URL(request.url());
      if (url.hostname !== "127.0.0.1") {
        offLoopback.push(request.url());
        return route.abort();
      }
      const gate = refreshGate;
      if (gate && request.method() === "POST" && url.pathname === "/auth/refresh") {
        gate.markHeld();
        await gate.open;
      }
      return route.continue();
    });
    context.on("request", (request) => {
      if (request.method() === "POST" && new URL(request.url()).pathname === "/auth/refresh") refreshRequests.push(request.url());
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await demo?.stop();
    await jot?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });
}

async function openDemo(transport: Transport): Promise<Page> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto(`${demo.origin}/?autoRefresh=off&transport=${transport}`, { timeout: WAIT_MS });
  await page.locator('body[data-ready="true"]').waitFor({ timeout: WAIT_MS });
  expect(problems).toEqual([]);
  return page;
}

const status = (page: Page) => page.getByTestId("status");
const events = (page: Page) => page.locator("#events li").evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.event));
const claims = async (page: Page) => JSON.parse((await page.getByTestId("claims").textContent()) ?? "null") as Record<string, unknown> | null;

/** Clicks "Call /protected" and waits for that very call's outcome. */
async function callProtected(page: Page): Promise<{ outcome: string | undefined; text: string }> {
  const result = page.getByTestId("protected-result");
  const before = Number(await result.getAttribute("data-calls"));
  await page.locator("#call-protected").click({ timeout: WAIT_MS });
  await page.locator(`#protected-result[data-done="${before + 1}"]`).waitFor({ timeout: WAIT_MS });
  return { outcome: (await result.getAttribute("data-outcome")) ?? undefined, text: (await result.textContent()) ?? "" };
}

/** Waits until the page shows its access token as expired (the 3 s lifetime has passed). */
async function waitUntilExpired(page: Page): Promise<void> {
  await page.locator('#time-left[data-state="expired"]').waitFor({ timeout: WAIT_MS });
}

for (const transport of ["bearer", "cookies"] as const) describeWith(browser, `the demo page in Chromium, ${transport} transport`, () => {
  startBrowserSuite(transport);
  const username = `demo-${crypto.randomUUID().slice(0, 8)}`;
  const hello = `Hello, ${username}! This is a protected route.`;
  let first: Page;

  test(
    "registers and logs in through the page, then calls the protected route with the token",
    async () => {
      first = await openDemo(transport);
      await first.locator("#username").fill(username);
      await first.locator("#password").fill(PASSWORD);
      await first.locator("#register").click();
      await expectText(first.getByTestId("message"), `Registered ${username}; now log in.`);
      await first.locator("#password").fill(PASSWORD);
      await first.locator("#login").click();
      await expectText(status(first), `Signed in as ${username}`);

      const shown = await claims(first);
      expect(shown).toMatchObject({ username, roles: ["user"], type: "access", fresh: true });
      expect(await first.getByTestId("time-left").getAttribute("data-state")).toBe("valid");
      expect(await callProtected(first)).toEqual({ outcome: "ok", text: hello });
      expect(await events(first)).toEqual(["login"]);
      if (transport === "cookies") {
        // No token where a script could read it: not in storage, not in document.cookie.
        const visible = await first.evaluate(() => `${JSON.stringify(localStorage)} ${document.cookie}`);
        expect(visible).toContain("csrf_access_token=");
        expect(visible).not.toContain("access_token_cookie");
        expect(visible).not.toMatch(/eyJ[\w-]+\.eyJ/);
      }
      await first.screenshot({ path: join(RESULTS, `demo-signed-in-${transport}.png`), fullPage: true });
    },
    60_000,
  );

  test(
    "after the access token expires, the call succeeds through the automatic refresh",
    async () => {
      const before = await claims(first);
      await waitUntilExpired(first);
      refreshRequests.length = 0;

      expect(await callProtected(first)).toEqual({ outcome: "ok", text: hello });
      const after = await claims(first);
      expect(after?.jti).not.toBe(before?.jti);
      expect(after).toMatchObject({ username, fresh: false });
      expect(Number(after?.exp)).toBeGreaterThan(Number(before?.exp));
      expect(await events(first)).toEqual(["login", "refresh"]);
      expect(refreshRequests).toHaveLength(1);
    },
    60_000,
  );

  test(
    "a second tab starts signed in, and two tabs whose token expired together both renew without signing each other out",
    async () => {
      const second = await openDemo(transport);
      await expectText(status(second), `Signed in as ${username}`);
      expect((await claims(second))?.jti).toBe((await claims(first))?.jti);

      await waitUntilExpired(first);
      await waitUntilExpired(second);
      refreshRequests.length = 0;

      // The first tab's renewal is held on its way to jot until the second tab has met the expired
      // token too, so both need a renewal at the same time.
      const gate = closeRefreshGate();
      const secondMetExpiry = second.waitForResponse(
        (response) => new URL(response.url()).pathname === "/protected" && response.status() === 401,
        { timeout: WAIT_MS },
      );
      const here = callProtected(first);
      await withTimeout(gate.held, "the first tab's refresh request");
      const there = callProtected(second);
      await secondMetExpiry;
      gate.release();
      refreshGate = null;
      const outcomes = await Promise.all([here, there]);

      expect(outcomes).toEqual([
        { outcome: "ok", text: hello },
        { outcome: "ok", text: hello },
      ]);
      // The tab that waited for the lock takes the pair the other stored — usually. Chromium hands a
      // localStorage write to other renderer processes asynchronously, so on a busy machine the
      // waiting tab can still read the old pair and send a second refresh; the server's grace window
      // answers it with the same session. Either way: at most two, and both tabs end on one session.
      expect(refreshRequests.length).toBeGreaterThanOrEqual(1);
      expect(refreshRequests.length).toBeLessThanOrEqual(2);
      const same = await eventually(async () => (await claims(second))?.jti === (await claims(first))?.jti, { timeoutMs: 5_000, intervalMs: 50 });
      expect(same).toBe(true);
      expect([await status(first).textContent(), await status(second).textContent()]).toEqual([
        `Signed in as ${username}`,
        `Signed in as ${username}`,
      ]);
      const ended = [...(await events(first)), ...(await events(second))].filter((name) => name === "logout" || name === "expired");
      expect(ended).toEqual([]);
      await second.close();
    },
    60_000,
  );

  test(
    "logging out in the first tab signs the second out without a reload",
    async () => {
      const second = await openDemo(transport);
      await expectText(status(second), `Signed in as ${username}`);

      const sentBySecond: string[] = [];
      second.on("request", (request) => sentBySecond.push(`${request.method()} ${new URL(request.url()).pathname}`));
      await first.locator("#logout").click();
      await expectText(status(first), "Signed out");
      await expectText(status(second), "Signed out");

      expect(await claims(second)).toBeNull();
      expect((await events(second)).at(-1)).toBe("logout");
      expect(await second.getByTestId("time-left").getAttribute("data-state")).toBe("none");
      // The second tab followed what storage said: it sent nothing itself.
      expect(sentBySecond).toEqual([]);
      expect(await second.locator("#call-protected").isDisabled()).toBe(true);
      await second.screenshot({ path: join(RESULTS, `demo-${transport}.png`), fullPage: true });
      expect(existsSync(join(RESULTS, `demo-${transport}.png`))).toBe(true);
    },
    60_000,
  );

  // Turning the factor on takes a bearer token from the login body, which cookie transport never shows.
  if (transport === "bearer") describeWith(oathtoolService, "with a second factor", () => {
    test(
      "an account with a second factor: the login asks for the code, and the code computed here (oathtool) signs in with amr [pwd, otp, mfa]",
      async () => {
        const mfaUser = `demo-mfa-${crypto.randomUUID().slice(0, 8)}`;
        const secret = await enrolSecondFactor(mfaUser);
        const page = await openDemo(transport);
        await page.locator("#username").fill(mfaUser);
        await page.locator("#password").fill(PASSWORD);
        await page.locator("#login").click();
        await expectText(page.getByTestId("message"), "Enter the code your authenticator app shows.");
        expect(await page.locator("#mfa").isVisible()).toBe(true);
        expect(await status(page).textContent()).toBe("Signed out");

        await page.locator("#mfa-code").fill(oathtoolCode(secret, Date.now()));
        await page.locator("#verify").click();
        await expectText(status(page), `Signed in as ${mfaUser}`);
        expect(await claims(page)).toMatchObject({ username: mfaUser, fresh: true, amr: ["pwd", "otp", "mfa"] });
        expect(await page.locator("#mfa").isVisible()).toBe(false);
        await page.screenshot({ path: join(RESULTS, "demo-mfa.png"), fullPage: true });
        await page.locator("#logout").click();
        await expectText(status(page), "Signed out");
        await page.close();
      },
      60_000,
    );
  });

  test("no request of the pages left loopback", () => {
    expect(offLoopback).toEqual([]);
  });
});

/**
 * Registers `username` on jot and turns its second factor on over HTTP, as an app of the user's
 * would; answers the TOTP secret. The confirming code is the previous time-step's (accepted, one
 * step either side), so the current step's code is still unused for the page.
 */
async function enrolSecondFactor(username: string): Promise<string> {
  const post = (path: string, body?: unknown, token?: string) =>
    fetch(`${jotUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  expect((await post("/auth/register", { username, password: PASSWORD })).status).toBe(201);
  const { access_token } = (await (await post("/auth/login", { username, password: PASSWORD })).json()) as { access_token: string };
  const { secret } = (await (await post("/auth/mfa/totp", undefined, access_token)).json()) as { secret: string };
  const confirmed = await post("/auth/mfa/totp/confirm", { code: oathtoolCode(secret, Date.now() - 30_000) }, access_token);
  expect(confirmed.status).toBe(200);
  return secret;
}

/** `promise`, or a failure naming `what` after WAIT_MS. */
async function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), WAIT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits (bounded) until `locator` shows exactly `text`. */
async function expectText(locator: ReturnType<Page["getByTestId"]>, text: string): Promise<void> {
  await locator.filter({ hasText: text }).waitFor({ timeout: WAIT_MS });
  expect((await locator.textContent())?.trim()).toBe(text);
}
