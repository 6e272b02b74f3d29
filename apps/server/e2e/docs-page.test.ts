// The /docs reference page in a real browser, offline: Debian's Chromium driven by playwright-core,
// against the real server on loopback. Every request the page sends anywhere but the server is
// aborted and recorded, Chromium's own background traffic is switched off by flags, and its host
// resolver maps every other name to nothing. What the page's Content-Security-Policy refuses is
// recorded too. Every wait is bounded (Playwright's timeouts); no timing is asserted.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { CHROMIUM, chromiumArgs, describeWith, probeChromium, type ServerProcess, spawnServer } from "@jot/testing";

// Locally a machine without Debian's Chromium skips this suite saying why; under CI its absence fails.
const chromiumService = await probeChromium();
const WAIT_MS = 60_000;
/**
 * The page as a browser shows it. The README shows the copy kept in docs/, rewritten only when
 * UPDATE_SCREENSHOTS=1, so a test run never changes a tracked file.
 */
const SCREENSHOT = process.env.UPDATE_SCREENSHOTS === "1"
  ? join(import.meta.dir, "..", "..", "..", "docs", "reference-page.png")
  : join(import.meta.dir, "..", ".test-results", "reference-page.png");

let jot: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  if (chromiumService.missing !== undefined) return;
  jot = await spawnServer({ OPENAPI: "on" });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: chromiumArgs(),
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await jot?.stop();
});

describeWith(chromiumService, "GET /docs in Chromium, offline", () => {
  test("shows the API's operations and its request client, every request answered by the server, nothing refused by its policy", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const elsewhere: string[] = [];
    const refusedByPolicy: string[] = [];
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy/i.test(message.text())) refusedByPolicy.push(message.text());
    });
    await page.exposeFunction("reportPolicyViolation", (violation: string) => void refusedByPolicy.push(violation));
    await page.addInitScript(() => {
      const report = (window as unknown as { reportPolicyViolation(violation: string): void }).reportPolicyViolation;
      document.addEventListener("securitypolicyviolation", (event) => report(`${event.effectiveDirective} ${event.blockedURI}`));
    });
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (new URL(url).origin === jot.url) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });

    const documentLoaded = page.waitForResponse((response) => response.url() === `${jot.url}/openapi.json` && response.status() === 200, { timeout: WAIT_MS });
    await page.goto(`${jot.url}/docs`, { timeout: WAIT_MS });
    await documentLoaded;
    // POST /auth/login's summary, as the document gives it, listed open under the first tag.
    const loginSummary = (await (await fetch(`${jot.url}/openapi.json`)).json()).paths["/auth/login"].post.summary as string;
    await page.getByText(loginSummary, { exact: true }).first().waitFor({ state: "visible", timeout: WAIT_MS });
    expect(await page.title()).toBe("jot");

    mkdirSync(join(SCREENSHOT, ".."), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, timeout: WAIT_MS });
    // The request client, whose editor adds its own styles as it mounts.
    await page.getByRole("button", { name: /Test Request/ }).first().click({ timeout: WAIT_MS });
    await page.getByRole("button", { name: /Send/ }).first().waitFor({ state: "visible", timeout: WAIT_MS });
    expect({ elsewhere, refusedByPolicy, pageErrors }).toEqual({ elsewhere: [], refusedByPolicy: [], pageErrors: [] });
    await page.close();
  }, 180_000);
});
