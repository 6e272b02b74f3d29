import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import { OPENAPI_PATHS } from "../openapi-docs.ts";
import { DOCS_PAGE_ASSETS, SCALAR_VERSION } from "./docs-page-assets.ts";

// The installed renderer, found the way a reader would: this workspace's node_modules.
const SERVER = join(import.meta.dir, "..", "..", "..");
const SCALAR_PACKAGE = join(SERVER, "node_modules", "@scalar", "api-reference");

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** The policy of an answer, as directive name → sources. */
function policyOf(response: Response): Record<string, string[]> {
  const header = response.headers.get("content-security-policy");
  if (header === null) throw new Error("no Content-Security-Policy");
  return Object.fromEntries(header.split(";").map((directive) => directive.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]));
}

describe("GET /docs", () => {
  test("runs only this server's scripts, in order, and reads /openapi.json", async () => {
    const response = await t.request(OPENAPI_PATHS.page);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const page = await response.text();
    const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].map(([, attributes, body]) => ({
      src: /\bsrc="([^"]*)"/.exec(attributes!)?.[1],
      type: /\btype="([^"]*)"/.exec(attributes!)?.[1],
      body,
    }));
    const sources = scripts.flatMap((script) => (script.src === undefined ? [] : [script.src]));
    expect(sources).toEqual([DOCS_PAGE_ASSETS.zodWithoutCodeGeneration.url, DOCS_PAGE_ASSETS.scalar.url]);
    // The one script element without a source is the renderer's configuration: data, never run.
    expect(scripts.filter((script) => script.src === undefined)).toEqual([{ src: undefined, type: "application/json", body: "" }]);
    const configuration = /data-configuration="([^"]*)"/.exec(page)![1]!.replaceAll("&quot;", '"').replaceAll("&amp;", "&");
    expect(JSON.parse(configuration)).toMatchObject({ url: OPENAPI_PATHS.document, withDefaultFonts: false, telemetry: false });
    // No other origin is named anywhere in the page.
    expect(page).not.toMatch(/https?:\/\//);
  });

  test("carries a Content-Security-Policy naming only this server, running no inline or generated code, and nosniff", async () => {
    const response = await t.request(OPENAPI_PATHS.page);
    const policy = policyOf(response);
    expect(policy["default-src"]).toEqual(["'self'"]);
    for (const fetched of ["script-src", "font-src", "img-src", "connect-src"]) expect({ [fetched]: policy[fetched] }).toEqual({ [fetched]: ["'self'"] });
    expect(policy["style-src"]).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy["frame-ancestors"]).toEqual(["'none'"]);
    expect(policy["object-src"]).toEqual(["'none'"]);
    // Keywords only: no scheme, host or wildcard is a source of anything.
    const sources = Object.values(policy).flat();
    expect(sources.filter((source) => !/^'(self|none|unsafe-inline)'$/.test(source))).toEqual([]);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    // The policy is the page's: the API's own answers carry none.
    expect((await t.request("/health")).headers.get("content-security-policy")).toBeNull();
  });
});

describe("GET /docs/assets/…", () => {
  test("serves Scalar's standalone bundle of the pinned, installed version, cached for good under a versioned URL", async () => {
    const installed = JSON.parse(readFileSync(join(SCALAR_PACKAGE, "package.json"), "utf8")) as { version: string };
    const pinned = JSON.parse(readFileSync(join(SERVER, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect({ installed: installed.version, pinned: pinned.dependencies["@scalar/api-reference"] }).toEqual({ installed: SCALAR_VERSION, pinned: SCALAR_VERSION });

    const response = await t.request(DOCS_PAGE_ASSETS.scalar.url);
    expect(response.status).toBe(200);
    expect(DOCS_PAGE_ASSETS.scalar.url).toContain(SCALAR_VERSION);
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const served = new Uint8Array(await response.arrayBuffer());
    const file = new Uint8Array(readFileSync(join(SCALAR_PACKAGE, "dist", "browser", "standalone.js")));
    expect(served.length).toBe(file.length);
    expect(Bun.hash(served)).toBe(Bun.hash(file));
  });

  test("serves the script that runs first, revalidated on every load", async () => {
    const response = await t.request(DOCS_PAGE_ASSETS.zodWithoutCodeGeneration.url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(await response.text()).toBe(readFileSync(join(import.meta.dir, "zod-without-code-generation.js"), "utf8"));
  });

  test("answers 404 with the error body for any other file", async () => {
    for (const path of ["/docs/assets/other.js", `/docs/assets/scalar-api-reference-0.0.0.js`, "/docs/assets/../../package.json"]) {
      const response = await t.request(path);
      expect({ path, status: response.status, body: await response.json() }).toEqual({ path, status: 404, body: { error: "not_found", msg: "Not found" } });
    }
  });
});
