/**
 * Measures what @jot/sdk adds to a browser app: the whole public API bundled with ky (and the values
 * it takes from @jot/shared), minified by Bun, then gzipped, as an app's bundler would ship it.
 * Also measures ky alone and the SDK's own code alone, so a change in either shows.
 *
 *   bun scripts/size.ts      prints the sizes; exits 1 above SIZE_LIMIT_BYTES
 *
 * The goal is GOAL_BYTES; ky 2.1.0 by itself is already above it (about 8.8 KiB), so the goal is
 * reported, and the limit that fails the run is the regression guard above today's size.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const SDK_DIR = join(import.meta.dir, "..");

/** The size the SDK with ky aims to stay under, minified and gzipped, in bytes. */
export const GOAL_BYTES = 8 * 1024;
/**
 * Above this (minified and gzipped, with ky) the size check fails: a regression, such as TypeBox
 * being bundled. Passkeys raised it from 14 KiB: `@simplewebauthn/browser`'s two ceremonies are
 * about 2.8 KiB of it, and the second factor and password reset grew the SDK's own code.
 */
export const SIZE_LIMIT_BYTES = 18 * 1024;

/** Above this the SDK's own code (ky and `@simplewebauthn/browser` left out) fails the check: TypeBox alone would add more than 10 KiB. */
export const OWN_CODE_LIMIT_BYTES = 7 * 1024;

/** Sizes of one minified browser bundle, in bytes. */
export interface BundleSize {
  minified: number;
  gzipped: number;
}

/** The three measurements {@link measureSdkSize} makes. */
export interface SdkSize {
  /** The SDK's whole public API with ky: what an app ships. */
  withKy: BundleSize;
  /** ky alone (its default export). */
  kyAlone: BundleSize;
  /** The SDK's own code (ky and `@simplewebauthn/browser` left out). */
  sdkAlone: BundleSize;
}

/**
 * Bundles `entry` for the browser with everything it imports except `external`, minifies and gzips it.
 *
 * @example
 * ```ts
 * const { gzipped } = await measureBundle("src/index.ts");
 * ```
 */
export async function measureBundle(entry: string, external: string[] = []): Promise<BundleSize> {
  const built = await Bun.build({ entrypoints: [entry], target: "browser", format: "esm", minify: true, external });
  if (!built.success) throw new AggregateError(built.logs, `bundling ${entry} failed`);
  const [output] = built.outputs;
  if (!output) throw new Error(`bundling ${entry} produced nothing`);
  const bytes = new Uint8Array(await output.arrayBuffer());
  return { minified: bytes.byteLength, gzipped: Bun.gzipSync(bytes, { level: 9 }).byteLength };
}

/**
 * Measures the SDK with ky, ky alone, and the SDK alone.
 *
 * @example
 * ```ts
 * const { withKy } = await measureSdkSize();
 * console.log(`${(withKy.gzipped / 1024).toFixed(2)} KiB`);
 * ```
 */
export async function measureSdkSize(): Promise<SdkSize> {
  const entry = join(SDK_DIR, "src", "index.ts");
  // An entry inside the package, so "ky" resolves as the SDK resolves it.
  const scratch = mkdtempSync(join(SDK_DIR, ".size-"));
  try {
    const kyEntry = join(scratch, "ky-alone.ts");
    writeFileSync(kyEntry, 'export { default } from "ky";\n');
    return {
      withKy: await measureBundle(entry),
      kyAlone: await measureBundle(kyEntry),
      sdkAlone: await measureBundle(entry, ["ky", "@simplewebauthn/browser"]),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const size = await measureSdkSize();
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(2)} KiB`;
  const line = (label: string, { minified, gzipped }: BundleSize) =>
    console.log(`${label.padEnd(22)} ${kib(minified).padStart(10)} minified   ${kib(gzipped).padStart(9)} gzipped (${gzipped} bytes)`);
  line("@jot/sdk with ky", size.withKy);
  line("  ky 2.1.0 alone", size.kyAlone);
  line("  @jot/sdk's own code", size.sdkAlone);
  const goal = size.withKy.gzipped <= GOAL_BYTES ? "met" : "not met";
  console.log(`goal ${kib(GOAL_BYTES)} gzipped: ${goal}; limit ${kib(SIZE_LIMIT_BYTES)}`);
  if (size.withKy.gzipped > SIZE_LIMIT_BYTES) {
    console.error(`@jot/sdk with ky is ${size.withKy.gzipped} bytes gzipped, over the ${SIZE_LIMIT_BYTES}-byte limit`);
    process.exit(1);
  }
}
