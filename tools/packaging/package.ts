/**
 * Builds jot's published packages and packs each with `npm pack`:
 *
 *   bun tools/packaging/package.ts [outDir]     (default: dist/, beside `bun run build`'s dist/jot)
 *
 * writes `<outDir>/jot-shared-<version>.tgz`, `jot-sdk-…`, `jot-elysia-…` and `jot-stores-…`. Each
 * package is described by one record in {@link PUBLISHED}; it is staged in a temporary folder with a
 * package.json written for publishing (built files in `exports`, no scripts or devDependencies),
 * so the workspaces keep `exports` → `./src/*.ts`, which the monorepo uses as it is.
 *
 * - JavaScript: ESM by `Bun.build`, one file per entry, code shared by two entries in one chunk (a
 *   class reached from `@jot/elysia` and from `@jot/elysia/server` is the same class).
 * - Types: `tsc --emitDeclarationOnly`, one .d.ts per source module, `.ts` specifiers rewritten to
 *   `.js` so they resolve under `moduleResolution: "nodenext"` as well as `"bundler"`.
 * - Another jot package is a peer dependency at exactly the version released with it: an app holds
 *   one `@jot/elysia` (one `jot()`, one `JotError` class), and installing the tarballs side by side
 *   satisfies the peer from them, where a plain dependency sends `bun add` to the registry for it.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";

const REPO_ROOT = join(import.meta.dir, "..", "..");
const TSC = Bun.resolveSync("typescript/bin/tsc", REPO_ROOT);

/** One published package: where it lives and what its tarball holds. */
export interface PublishedPackage {
  /** The workspace folder, from the repository root. */
  dir: string;
  /** `exports` subpath → its source module under `src/`, at the top of `src/` (the build keeps the layout). */
  entries: Record<string, string>;
  /** `browser` for code that also runs in a page, `bun` for code that needs Bun's APIs. */
  target: "browser" | "bun";
  /** Imports left to the installed dependencies; everything else is bundled in. */
  external: string[];
  /** Ambient type packages the sources are compiled with (`bun-types` for `import … from "bun"`). */
  types: string[];
  /** Source modules that are not part of the package (tests, test support). */
  excludeFromTypes: string[];
  /** Files copied beside the build, when they exist. */
  files: string[];
}

const TESTS = ["src/**/*.test.ts"];
const BUN_BUILTINS = ["bun", "bun:*", "node:*"];

/** Every published package, in the order they build (a package after those it names). */
export const PUBLISHED = {
  shared: {
    dir: "packages/shared",
    entries: { ".": "index.ts" },
    target: "browser",
    external: ["@sinclair/typebox", "@sinclair/typebox/*"],
    types: [],
    excludeFromTypes: TESTS,
    files: ["README.md"],
  },
  sdk: {
    dir: "packages/sdk",
    entries: { ".": "index.ts" },
    target: "browser",
    // @jot/shared's few run-time values (the error codes, the routes) are inlined: at run time the
    // SDK needs only ky and the passkey ceremonies' @simplewebauthn/browser; @jot/shared stays a
    // peer for its types, which the SDK's .d.ts import.
    external: ["ky", "@simplewebauthn/browser"],
    types: [],
    excludeFromTypes: [...TESTS, "src/test-support", "src/storage/storage-conformance.ts"],
    files: ["README.md"],
  },
  elysia: {
    dir: "packages/elysia",
    entries: { ".": "index.ts", "./server": "server.ts" },
    target: "bun",
    external: ["elysia", "elysia/*", "@elysiajs/jwt", "@simplewebauthn/server", "jose", "@sinclair/typebox", "@sinclair/typebox/*", "@jot/shared", ...BUN_BUILTINS],
    types: ["bun-types"],
    excludeFromTypes: TESTS,
    files: ["README.md"],
  },
  stores: {
    dir: "packages/stores",
    entries: { ".": "index.ts", "./conformance": "conformance.ts" },
    target: "bun",
    external: ["elysia", "elysia/*", "@jot/elysia", "@jot/elysia/*", ...BUN_BUILTINS],
    types: ["bun-types"],
    excludeFromTypes: TESTS,
    files: ["README.md"],
  },
} as const satisfies Record<string, PublishedPackage>;

/** Name of a published package → the absolute path of its tarball. */
export type PackedPackages = Record<keyof typeof PUBLISHED, string>;

interface SourceManifest {
  name: string;
  version: string;
  description?: string;
  license?: string;
  sideEffects?: boolean;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/**
 * Builds every published package and packs it into `outDir`; answers the tarballs' paths. Only the
 * tarballs are written there (older `jot-*.tgz` are replaced), so `outDir` may hold other builds.
 *
 * @example
 * ```ts
 * const packed = await buildPackages(join(tmpdir(), "jot-release"));
 * // bun add /tmp/jot-release/*.tgz
 * ```
 */
export async function buildPackages(outDir: string): Promise<PackedPackages> {
  mkdirSync(outDir, { recursive: true });
  for (const name of readdirSync(outDir)) {
    if (/^jot-.*\.tgz$/.test(name)) rmSync(join(outDir, name));
  }
  const versions = Object.fromEntries(
    Object.values(PUBLISHED).map((pkg) => {
      const manifest = readManifest(pkg.dir);
      return [manifest.name, manifest.version];
    }),
  );
  const stages = mkdtempSync(join(tmpdir(), "jot-package-"));
  try {
    const packed: Partial<PackedPackages> = {};
    for (const [name, pkg] of Object.entries(PUBLISHED) as [keyof PackedPackages, PublishedPackage][]) {
      packed[name] = await buildPackage(pkg, join(stages, name), outDir, versions);
    }
    return packed as PackedPackages;
  } finally {
    rmSync(stages, { recursive: true, force: true });
  }
}

async function buildPackage(pkg: PublishedPackage, stage: string, outDir: string, versions: Record<string, string>): Promise<string> {
  const dir = join(REPO_ROOT, pkg.dir);
  const source = readManifest(pkg.dir);
  mkdirSync(stage, { recursive: true });

  const built = await Bun.build({
    entrypoints: Object.values(pkg.entries).map((entry) => join(dir, "src", entry)),
    root: join(dir, "src"),
    outdir: stage,
    naming: { entry: "[dir]/[name].[ext]", chunk: "chunks/[name]-[hash].[ext]" },
    splitting: true,
    target: pkg.target,
    format: "esm",
    external: pkg.external,
  });
  if (!built.success) throw new AggregateError(built.logs, `${source.name}: bundling failed`);

  emitDeclarations(pkg, stage);

  for (const file of pkg.files) {
    const from = join(dir, file);
    if (await Bun.file(from).exists()) await Bun.write(join(stage, file), Bun.file(from));
  }

  writeFileSync(join(stage, "package.json"), `${JSON.stringify(publishedManifest(source, pkg, versions), null, 2)}\n`);
  return npmPack(stage, outDir);
}

/**
 * The package.json that is published: built entry points, real version ranges, nothing private.
 * A `workspace:` dependency becomes a peer at exactly the version released alongside.
 */
export function publishedManifest(source: SourceManifest, pkg: PublishedPackage, versions: Record<string, string>): Record<string, unknown> {
  const dependencies: Record<string, string> = {};
  const peerDependencies: Record<string, string> = { ...source.peerDependencies };
  for (const [name, range] of Object.entries(source.dependencies ?? {})) {
    if (!range.startsWith("workspace:")) {
      dependencies[name] = range;
      continue;
    }
    const version = versions[name];
    if (version === undefined) throw new Error(`${source.name}: ${name} is a workspace dependency that is not released with it`);
    peerDependencies[name] = version;
  }
  const exports: Record<string, unknown> = {};
  for (const [subpath, entry] of Object.entries(pkg.entries)) {
    const base = `./${entry.replace(/\.ts$/, "")}`;
    exports[subpath] = { types: `${base}.d.ts`, default: `${base}.js` };
  }
  exports["./package.json"] = "./package.json";
  const main = exports["."] as { types: string; default: string };
  return {
    name: source.name,
    version: source.version,
    ...(source.description === undefined ? {} : { description: source.description }),
    ...(source.license === undefined ? {} : { license: source.license }),
    type: "module",
    sideEffects: source.sideEffects ?? false,
    exports,
    main: main.default,
    types: main.types,
    ...(source.engines === undefined ? {} : { engines: source.engines }),
    ...(Object.keys(dependencies).length === 0 ? {} : { dependencies }),
    ...(Object.keys(peerDependencies).length === 0 ? {} : { peerDependencies }),
  };
}

function emitDeclarations(pkg: PublishedPackage, stage: string): void {
  const dir = join(REPO_ROOT, pkg.dir);
  // A throwaway tsconfig: the workspace's own settings, emitting declarations only, with only the
  // ambient types the package's sources need (the published types must not need more).
  const configDir = mkdtempSync(join(tmpdir(), "jot-dts-"));
  const config = {
    extends: join(REPO_ROOT, "tsconfig.base.json"),
    compilerOptions: {
      noEmit: false,
      declaration: true,
      emitDeclarationOnly: true,
      rootDir: join(dir, "src"),
      outDir: stage,
      types: pkg.types,
      // The config is written outside the repository: the types are looked up in the repository's packages.
      typeRoots: [join(REPO_ROOT, "node_modules")],
    },
    include: [join(dir, "src")],
    exclude: pkg.excludeFromTypes.map((pattern) => join(dir, pattern)),
  };
  const configPath = join(configDir, "tsconfig.json");
  writeFileSync(configPath, JSON.stringify(config));
  try {
    const tsc = Bun.spawnSync(["bun", TSC, "-p", configPath], { cwd: dir, stdout: "pipe", stderr: "pipe" });
    if (tsc.exitCode !== 0) throw new Error(`tsc --emitDeclarationOnly failed for ${pkg.dir}:\n${tsc.stdout.toString()}${tsc.stderr.toString()}`);
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }
  for (const file of filesUnder(stage)) {
    if (!file.endsWith(".d.ts")) continue;
    writeFileSync(file, rewriteRelativeSpecifiers(readFileSync(file, "utf8")));
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
  return JSON.parse(readFileSync(join(REPO_ROOT, dir, "package.json"), "utf8")) as SourceManifest;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

if (import.meta.main) {
  const outDir = resolve(process.argv[2] ?? join(REPO_ROOT, "dist"));
  const packed = await buildPackages(outDir);
  for (const tarball of Object.values(packed)) console.log(relative(process.cwd(), tarball));
}
