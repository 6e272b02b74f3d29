/**
 * Builds the demo page with Bun's bundler: src/app.ts (and @jot/sdk, ky with it) into one minified
 * app.js, next to index.html and app.css.
 *
 *   bun scripts/build.ts [outDir]     (default: dist/)
 */
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

const SRC = join(import.meta.dir, "..", "src");

/** The folder the demo is built into unless told otherwise. */
export const DEFAULT_OUT_DIR = join(import.meta.dir, "..", "dist");

/**
 * Builds the page into `outDir` (emptied first) and returns `outDir`.
 *
 * @example
 * ```ts
 * const dir = await buildDemo();
 * serveDemo({ dir, jotUrl: "http://127.0.0.1:3000" });
 * ```
 */
export async function buildDemo(outDir: string = DEFAULT_OUT_DIR): Promise<string> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const built = await Bun.build({
    entrypoints: [join(SRC, "app.ts")],
    outdir: outDir,
    naming: "app.js",
    target: "browser",
    format: "esm",
    minify: true,
  });
  if (!built.success) throw new AggregateError(built.logs, "building the demo failed");
  for (const file of ["index.html", "app.css"]) copyFileSync(join(SRC, file), join(outDir, file));
  return outDir;
}

if (import.meta.main) {
  const dir = await buildDemo(process.argv[2] === undefined ? DEFAULT_OUT_DIR : resolve(process.argv[2]));
  console.log(`demo built in ${dir}`);
}
