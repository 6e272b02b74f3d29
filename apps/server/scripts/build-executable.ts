/**
 * `bun run build [--target <target>]`: jot as one executable file (`bun build --compile`), the Bun
 * runtime and every module jot loads inside it. Without a target it is built for this machine as
 * `dist/jot`; with one, cross-compiled as `dist/jot-<target>` (`.exe` for Windows), which may
 * download that target's Bun first.
 */
import { parseArgs } from "node:util";
import { join, relative } from "node:path";

/** The targets the README lists, by the name `--target` takes. */
export const TARGETS = {
  "linux-x64": "bun-linux-x64",
  "linux-arm64": "bun-linux-arm64",
  "darwin-arm64": "bun-darwin-arm64",
  "windows-x64": "bun-windows-x64",
} as const;
export type TargetName = keyof typeof TARGETS;

const ROOT = join(import.meta.dir, "..", "..", "..");
const SOURCES = join(import.meta.dir, "..", "src");

/** Where the executable for `target` (this machine's when undefined) is written. */
export function executablePath(target?: TargetName): string {
  if (target === undefined) return join(ROOT, "dist", "jot");
  return join(ROOT, "dist", `jot-${target}${target.startsWith("windows-") ? ".exe" : ""}`);
}

/** Builds the executable (at `outfile`, else {@link executablePath}); answers its path, or throws with the bundler's messages. */
export async function buildExecutable(target?: TargetName, outfile = executablePath(target)): Promise<string> {
  await Bun.build({
    // The password-hashing thread is a second entry point: a Worker's code must be one (Bun
    // bundles each separately into the file).
    entrypoints: [join(SOURCES, "jot.ts"), join(SOURCES, "users", "password-thread.ts")],
    // Every entry point at the root of the embedded file system, so the thread's URL, taken
    // relative to import.meta.url (the executable's own root there), names it as it does in source.
    naming: { entry: "[name].[ext]" },
    // Names are kept: Elysia reads handlers' source, and stack traces stay readable.
    minify: { whitespace: true, syntax: true },
    // Parsed at build time rather than at each start; ESM, since the entry awaits at top level.
    bytecode: true,
    format: "esm",
    compile: {
      outfile,
      ...(target === undefined ? {} : { target: TARGETS[target] }),
      // .env in the working directory is configuration, as for `bun run start`; a bunfig.toml is not.
      autoloadDotenv: true,
      autoloadBunfig: false,
    },
  });
  return outfile;
}

if (import.meta.main) {
  let target: TargetName | undefined;
  try {
    const { values } = parseArgs({ args: Bun.argv.slice(2), options: { target: { type: "string" } }, strict: true });
    if (values.target !== undefined && !(values.target in TARGETS)) throw new Error(`unknown target "${values.target}"`);
    target = values.target as TargetName | undefined;
  } catch (error) {
    console.error(`build: ${error instanceof Error ? error.message : String(error)}\nusage: bun run build [--target ${Object.keys(TARGETS).join("|")}]`);
    process.exit(2);
  }
  try {
    const outfile = await buildExecutable(target);
    console.error(`built ${relative(process.cwd(), outfile)} (${(Bun.file(outfile).size / 1024 / 1024).toFixed(1)} MiB)`);
  } catch (error) {
    // A failed bundle throws an AggregateError of the bundler's messages.
    console.error(error instanceof AggregateError ? [`build: ${error.message}`, ...error.errors.map(String)].join("\n") : error);
    process.exit(1);
  }
}
