// The /docs page's scripts inside a single executable: a tiny entry serving the page is compiled
// with `bun build --compile` as a release build is, then run from an empty folder. The scripts must
// come from the executable itself (Bun's embedded file system), byte for byte the installed ones.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectOutput, pollUntil } from "@jot/testing";
import { DOCS_PAGE_ASSETS } from "../src/openapi/docs-page/docs-page-assets.ts";

const DOCS_PAGE_MODULE = join(import.meta.dir, "..", "src", "openapi", "docs-page", "docs-page.ts");
const ASSETS_MODULE = join(import.meta.dir, "..", "src", "openapi", "docs-page", "docs-page-assets.ts");
const INSTALLED_SCALAR = join(import.meta.dir, "..", "node_modules", "@scalar", "api-reference", "dist", "browser", "standalone.js");

const work = mkdtempSync(join(tmpdir(), "jot-docs-compiled-"));
const emptyFolder = join(work, "empty");
let child: Bun.Subprocess<"ignore", "pipe", "pipe"> | undefined;
let url = "";
let printed: () => string = () => "";

beforeAll(async () => {
  writeFileSync(
    join(work, "entry.ts"),
    `import { docsPage } from ${JSON.stringify(DOCS_PAGE_MODULE)};
import { DOCS_PAGE_ASSETS } from ${JSON.stringify(ASSETS_MODULE)};
const app = docsPage("jot", { page: "/docs", document: "/openapi.json" });
const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (request) => app.handle(request) });
console.log(JSON.stringify({ port: server.port, files: Object.values(DOCS_PAGE_ASSETS).map((asset) => asset.file) }));
`,
  );
  const build = Bun.spawnSync([process.execPath, "build", "--compile", join(work, "entry.ts"), "--outfile", join(work, "docs-page")], { stdout: "pipe", stderr: "pipe" });
  if (build.exitCode !== 0) throw new Error(`bun build --compile failed:\n${build.stdout}${build.stderr}`);
  mkdirSync(emptyFolder);
  child = Bun.spawn([join(work, "docs-page")], { cwd: emptyFolder, env: { PATH: process.env.PATH ?? "" }, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  printed = collectOutput(child);
  const { held } = await pollUntil(() => printed(), (output) => output.includes("\n") || child!.exitCode !== null, { timeoutMs: 30_000, intervalMs: 20 });
  if (!held || child.exitCode !== null) throw new Error(`the compiled entry did not start:\n${printed()}`);
  url = `http://127.0.0.1:${(JSON.parse(printed()) as { port: number }).port}`;
}, 120_000);

afterAll(async () => {
  child?.kill();
  await child?.exited;
  rmSync(work, { recursive: true, force: true });
});

test("a compiled executable serves the page's scripts from inside itself, from an empty folder", async () => {
  const { files } = JSON.parse(printed()) as { files: string[] };
  // Bun's embedded file system: the files travel in the executable, not beside it.
  expect(files.filter((file) => !file.startsWith("/$bunfs/"))).toEqual([]);

  const page = await fetch(`${url}/docs`);
  expect(page.status).toBe(200);
  expect(page.headers.get("content-security-policy")).toStartWith("default-src 'self'");
  const scalar = await fetch(`${url}${DOCS_PAGE_ASSETS.scalar.url}`);
  expect({ status: scalar.status, type: scalar.headers.get("content-type") }).toEqual({ status: 200, type: "text/javascript; charset=utf-8" });
  const served = new Uint8Array(await scalar.arrayBuffer());
  const installed = new Uint8Array(readFileSync(INSTALLED_SCALAR));
  expect({ bytes: served.length, hash: Bun.hash(served) }).toEqual({ bytes: installed.length, hash: Bun.hash(installed) });
}, 60_000);
