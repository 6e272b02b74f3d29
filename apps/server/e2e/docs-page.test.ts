// The /docs reference page in a real browser: Debian's Chromium driven by playwright-core, against
// the app served on loopback. The page loads Scalar from its CDN; here that one request is answered
// with the same pinned version from node_modules, and every other request off loopback is aborted.
// The page runs under its own Content-Security-Policy, and what that policy refuses is recorded.
// Every wait is bounded (Playwright's timeouts); no timing is asserted.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { SCALAR_SCRIPT_URL } from "../src/openapi/openapi-docs.ts";
import { createTestApp, type TestApp } from "../test/test-app.ts";

const CHROMIUM = "/usr/bin/chromium";
const MISSING = `${CHROMIUM} is missing: apt-get update && apt-get install -y chromium`;
const browserAvailable = existsSync(CHROMIUM);
if (!browserAvailable && process.env.CI === "true") throw new Error(MISSING);
if (!browserAvailable) console.warn(`skipping the /docs browser test: ${MISSING}`);
const WAIT_MS = 20_000;

const SCALAR_CDN = SCALAR_SCRIPT_URL;
const scalarPackage = dirname(createRequire(import.meta.url).resolve("@scalar/api-reference/package.json"));

let t: TestApp;
let server: ReturnType<typeof Bun.serve>;
let browser: Browser;
let work: string;
const offLoopback: string[] = [];

beforeAll(async () => {
  if (!browserAvailable) return;
  t = await createTestApp();
  server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (request) => t.app.handle(request) });
  work = mkdtempSync(join(tmpdir(), "jot-docs-"));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
  });
}, 60_000);

afterAll(async () => {
  if (!browserAvailable) return;
  await browser?.close();
  server?.stop(true);
  await t?.close();
  rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!browserAvailable)("GET /docs in Chromium", () => {
  test("shows the API's routes, read from /openapi.json", async () => {
    const page = await browser.newPage();
    const refusedByPolicy: string[] = [];
    await page.exposeFunction("reportPolicyViolation", (violation: string) => void refusedByPolicy.push(violation));
    await page.addInitScript(() => {
      const report = (window as unknown as { reportPolicyViolation(violation: string): void }).reportPolicyViolation;
      document.addEventListener("securitypolicyviolation", (event) => report(`${event.effectiveDirective} ${event.blockedURI}`));
    });
    await page.route("**/*", async (route) => {
      const url = route.request().url();
      if (url === SCALAR_CDN) return route.fulfill({ path: join(scalarPackage, "dist", "browser", "standalone.js"), contentType: "text/javascript" });
      if (new URL(url).hostname === "127.0.0.1") return route.continue();
      offLoopback.push(url);
      return route.abort();
    });
    const documentLoaded = page.waitForResponse((response) => response.url().endsWith("/openapi.json") && response.status() === 200, { timeout: WAIT_MS });
    await page.goto(`http://127.0.0.1:${server.port}/docs`, { timeout: WAIT_MS });
    await documentLoaded;
    // The first tag's operations are listed open; the other tags open on a click.
    for (const summary of ["Create an account", "Log in with a password", "Rotate the refresh token", "Log out", "Change the password"]) {
      await page.getByText(summary, { exact: true }).first().waitFor({ state: "visible", timeout: WAIT_MS });
    }
    await page.getByText("Open Group - operations").first().click({ timeout: WAIT_MS });
    for (const summary of ["Whether every store answers", "The public keys tokens are verified with"]) {
      await page.getByText(summary, { exact: true }).first().waitFor({ state: "visible", timeout: WAIT_MS });
    }
    await page.getByText("/auth/login").first().waitFor({ state: "attached", timeout: WAIT_MS });
    expect(await page.title()).toBe("jot");
    // Only the pinned Scalar bundle was asked of the outside world (and answered locally); anything
    // else the page tried (fonts, telemetry) was refused and is listed here.
    expect(offLoopback.filter((url) => url.includes("/npm/@scalar/api-reference@") && url !== SCALAR_CDN)).toEqual([]);
    // The policy let through everything the page used, and refused only what it means to: the inline
    // configuration block (no code) and zod's probe for whether it may compile code.
    expect(refusedByPolicy.filter((violation) => violation !== "script-src-elem inline" && violation !== "script-src eval")).toEqual([]);
    expect(refusedByPolicy).toContain("script-src-elem inline");
    await page.close();
  }, 60_000);
});
