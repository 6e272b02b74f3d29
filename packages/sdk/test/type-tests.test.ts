// Runs the compile-only type tests (test/types/client-types.ts) through tsc against the SDK's source.
// The same file is checked against the packed package's .d.ts by tools/packaging/test/packed-packages.test.ts.
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const TSC = Bun.resolveSync("typescript/bin/tsc", import.meta.dir);
const TYPES_DIR = join(import.meta.dir, "types");

test(
  "the type tests hold: claims, bodies and codes from @jot/shared, additional claims typed through the generic",
  () => {
    const tsc = Bun.spawnSync(["bun", TSC, "-p", join(TYPES_DIR, "tsconfig.json")], { stdout: "pipe", stderr: "pipe" });
    const output = tsc.stdout.toString() + tsc.stderr.toString();

    expect(output).toBe("");
    expect(tsc.exitCode).toBe(0);
  },
  120_000,
);

test("the type tests expect errors, so a check that accepts everything would fail them", () => {
  const source = readFileSync(join(TYPES_DIR, "client-types.ts"), "utf8");

  // tsc rejects an unused @ts-expect-error, so each of these is an error tsc must keep finding.
  expect(source.match(/@ts-expect-error/g)?.length).toBeGreaterThanOrEqual(10);
  expect(source.match(/Expect<Equal</g)?.length).toBeGreaterThanOrEqual(10);
});
