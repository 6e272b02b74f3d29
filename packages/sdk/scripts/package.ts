/**
 * Builds the publishable @jot/sdk and the @jot/shared it depends on, and packs each with `npm pack`.
 *
 *   bun scripts/package.ts [outDir]     (default: dist/)
 *
 * Each package is staged in its own folder (`<outDir>/sdk`, `<outDir>/shared`) with a package.json
 * written for publishing: built files in the `exports` map, `workspace:` ranges replaced by the
 * workspace's version, no scripts or devDependencies. The workspaces' own package.json files keep
 * `exports` → `./src/index.ts`, which the monorepo uses as it is.
 *
 * - JavaScript: one ESM file per package, by `Bun.build`. The SDK inlines the few run-time values
 *   it takes from @jot/shared (the error-code table, the routes), so at run time it needs only ky;
 *   @jot/shared stays a dependency for its types (claims, bodies, codes), which the SDK's .d.ts
 *   files import.
 * - Types: `tsc --emitDeclarationOnly`, one .d.ts per source module, `.ts` specifiers rewritten to
 *   `.js` so they resolve under `moduleResolution: "nodenext"` as well as `"bundler"`.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";

const SDK_DIR = join(import.meta.dir, "..");
// The SDK builds the shared package too: it is the SDK's dependency, released with it.
// Its `exports` map has only "." (→ src/index.ts), so the folder is found from that.
const SHARED_DIR = dirname(dirname(Bun.resolveSync("@jot/shared", SDK_DIR)));
const TSC = Bun.resolveSync("typescript/bin/tsc", SDK_DIR);
const REPO_ROOT = join(SDK_DIR, "..", "..");

/** What {@link buildPackages} produced. */
export interface PackedPackages {
  /** Absolute path of the @jot/sdk tarball. */
  sdk: string;
  /** Absolute path of the @jot/shared tarball. */
  shared: string;
}

interface SourceManifest {
  name: string;
  version: string;
  description?: string;
  license?: string;
  sideEffects?: boolean;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
}

interface PackageToBuild {
  dir: string;
  /** Staging folder name under outDir. */
  stage: string;
  /** Imports left to the consumer's installed dependencies; everything else is bundled in. */
  external: string[];
  /** Source files that are not part of the package (tests, test helpers). */
  excludeFromTypes: string[];
  /** Files copied next to the build, when they exist. */
  extraFiles: string[];
}

const PACKAGES: Record<"shared" | "sdk", PackageToBuild> = {
  shared: {
    dir: SHARED_DIR,
    stage: "shared",
    external: ["@sinclair/typebox"],
    excludeFromTypes: ["src/**/*.test.ts"],
    extraFiles: ["README.md"],
  },
  sdk: {
    dir: SDK_DIR,
    stage: "sdk",
    external: ["ky"],
    excludeFromTypes: ["src/**/*.test.ts", "src/test-support", "src/storage/storage-conformance.ts"],
    extraFiles: ["README.md"],
  },
};

/**
 * Builds both packages into `outDir` and packs them there; returns the tarballs' paths.
 *
 * @example
 * ```ts
 * const { sdk, shared } = await buildPackages(join(tmpdir(), "jot-release"));
 * // npm install /tmp/jot-release/jot-shared-0.1.0.tgz /tmp/jot-release/jot-sdk-0.1.0.tgz
 * ```
 */
export async function buildPackages(outDir: string): Promise<PackedPackages> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const versions = {
    "@jot/shared": readManifest(SHARED_DIR).version,
    "@jot/sdk": readManifest(SDK_DIR).version,
  };
  const shared = await buildPackage(PACKAGES.shared, outDir, versions);
  const sdk = await buildPackage(PACKAGES.sdk, outDir, versions);
  return { sdk, shared };
}

async function buildPackage(pkg: PackageToBuild, outDir: string, versions: Record<string, string>): Promise<string> {
  const source = readManifest(pkg.dir);
  const stage = join(outDir, pkg.stage);
  mkdirSync(stage, { recursive: true });

  const built = await Bun.build({
    entrypoints: [join(pkg.dir, "src", "index.ts")],
    outdir: stage,
    naming: "index.js",
    target: "browser",
    format: "esm",
    external: pkg.external,
  });
  if (!built.success) throw new AggregateError(built.logs, `${source.name}: bundling failed`);

  await emitDeclarations(pkg, stage);

  for (const file of pkg.extraFiles) {
    const from = join(pkg.dir, file);
    if (await Bun.file(from).exists()) await Bun.write(join(stage, file), Bun.file(from));
  }

  writeFileSync(join(stage, "package.json"), `${JSON.stringify(publishedManifest(source, versions), null, 2)}\n`);
  return npmPack(stage, outDir);
}

/** The package.json that is published: built entry points, real version ranges, nothing private. */
export function publishedManifest(source: SourceManifest, versions: Record<string, string>): Record<string, unknown> {
  const dependencies: Record<string, string> = {};
  for (const [name, range] of Object.entries(source.dependencies ?? {})) {
    if (!range.startsWith("workspace:")) {
      dependencies[name] = range;
      continue;
    }
    const version = versions[name];
    if (version === undefined) throw new Error(`${source.name}: ${name} is a workspace dependency that is not released with it`);
    // Released together, so exactly the version built alongside.
    dependencies[name] = version;
  }
  return {
    name: source.name,
    version: source.version,
    ...(source.description === undefined ? {} : { description: source.description }),
    ...(source.license === undefined ? {} : { license: source.license }),
    type: "module",
    sideEffects: source.sideEffects ?? false,
    exports: {
      ".": { types: "./index.d.ts", default: "./index.js" },
      "./package.json": "./package.json",
    },
    main: "./index.js",
    types: "./index.d.ts",
    ...(source.engines === undefined ? {} : { engines: source.engines }),
    dependencies,
  };
}

async function emitDeclarations(pkg: PackageToBuild, stage: string): Promise<void> {
  // A throwaway tsconfig: the workspace's own settings, emitting declarations only, without the
  // Bun types the workspace develops with (the published types must not need them).
  const configDir = mkdtempSync(join(tmpdir(), "jot-dts-"));
  const config = {
    extends: join(REPO_ROOT, "tsconfig.base.json"),
    compilerOptions: {
      noEmit: false,
      declaration: true,
      emitDeclarationOnly: true,
      rootDir: join(pkg.dir, "src"),
      outDir: stage,
      types: [],
    },
    include: [join(pkg.dir, "src")],
    exclude: pkg.excludeFromTypes.map((pattern) => join(pkg.dir, pattern)),
  };
  const configPath = join(configDir, "tsconfig.json");
  writeFileSync(configPath, JSON.stringify(config));
  try {
    const tsc = Bun.spawnSync(["bun", TSC, "-p", configPath], { cwd: pkg.dir, stdout: "pipe", stderr: "pipe" });
    if (tsc.exitCode !== 0) throw new Error(`tsc --emitDeclarationOnly failed for ${pkg.dir}:\n${tsc.stdout.toString()}${tsc.stderr.toString()}`);
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }
  for (const file of filesUnder(stage)) {
    if (!file.endsWith(".d.ts")) continue;
    const text = readFileSync(file, "utf8");
    writeFileSync(file, rewriteRelativeSpecifiers(text));
  }
}

/**
 * `from "./x.ts"` → `from "./x.js"` (and `import("./x.ts")`): declaration files keep the source's
 * specifiers, which only resolve with `allowImportingTsExtensions`.
 *
 * @example
 * ```ts
 * rewriteRelativeSpecifiers('export { a } from "./a.ts";'); // 'export { a } from "./a.js";'
 * ```
 */
export function rewriteRelativeSpecifiers(text: string): string {
  return text.replace(/(from\s+|import\()(["'])(\.{1,2}\/[^"']*?)\.ts\2/g, "$1$2$3.js$2");
}

function npmPack(stage: string, outDir: string): string {
  const packed = Bun.spawnSync(["npm", "pack", "--json", "--pack-destination", outDir], {
    cwd: stage,
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false" },
  });
  if (packed.exitCode !== 0) throw new Error(`npm pack failed in ${stage}:\n${packed.stderr.toString()}`);
  const [result] = JSON.parse(packed.stdout.toString()) as [{ filename: string }];
  return join(outDir, result.filename);
}

function readManifest(dir: string): SourceManifest {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as SourceManifest;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

if (import.meta.main) {
  const outDir = resolve(process.argv[2] ?? "dist");
  const packed = await buildPackages(outDir);
  for (const tarball of [packed.shared, packed.sdk]) console.log(relative(process.cwd(), tarball));
}
