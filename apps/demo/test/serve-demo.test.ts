import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildDemo } from "../scripts/build.ts";
import { serveDemo, type DemoServer } from "../src/serve-demo.ts";

let dir: string;
let demo: DemoServer;
let jotUrl = "http://127.0.0.1:3999";

beforeAll(async () => {
  dir = await buildDemo(join(mkdtempSync(join(tmpdir(), "jot-demo-")), "dist"));
  demo = serveDemo({ dir, jotUrl: () => jotUrl });
});

afterAll(async () => {
  await demo.stop();
  rmSync(join(dir, ".."), { recursive: true, force: true });
});

describe("the demo server", () => {
  test("serves the page with the jot URL filled in, and a CSP that lets it connect only to itself and jot", async () => {
    const response = await fetch(`${demo.origin}/`);
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(html).toContain('<meta name="jot-url" content="http://127.0.0.1:3999" />');
    expect(html).not.toContain("%JOT_URL%");
    expect(response.headers.get("content-security-policy")).toBe(
      "default-src 'self'; connect-src 'self' http://127.0.0.1:3999; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
  });

  test("reads the jot URL on every load, so it can be set after the server started", async () => {
    jotUrl = "http://127.0.0.1:4001";
    const html = await (await fetch(`${demo.origin}/`)).text();

    expect(html).toContain('<meta name="jot-url" content="http://127.0.0.1:4001" />');
  });

  test("serves the bundled script, with the SDK built in, and the stylesheet", async () => {
    const script = await fetch(`${demo.origin}/app.js`);
    const style = await fetch(`${demo.origin}/app.css`);
    const code = await script.text();

    expect([script.status, script.headers.get("content-type")]).toEqual([200, "text/javascript; charset=utf-8"]);
    expect([style.status, style.headers.get("content-type")]).toEqual([200, "text/css; charset=utf-8"]);
    // Bundled, not imported: the browser gets one file with no bare import left.
    expect(code).not.toMatch(/from\s*"@jot\/sdk"/);
    expect(code).not.toMatch(/from\s*"ky"/);
    expect(code).toContain("jot.session");
  });

  test("answers anything else 404, without reading outside the build folder", async () => {
    const unknown = await fetch(`${demo.origin}/index.ts`);
    const escape = await fetch(`${demo.origin}/..%2Fpackage.json`);

    expect([unknown.status, escape.status]).toEqual([404, 404]);
  });

  test("answers other methods 405", async () => {
    const response = await fetch(`${demo.origin}/`, { method: "POST" });

    expect(response.status).toBe(405);
  });
});
