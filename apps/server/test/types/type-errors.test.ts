// Runs tsc over the fixtures in must-fail/ (outside the typecheck's include): each line a fixture
// marks `// error TS…` must fail with that code, and nothing else may fail. `@ts-expect-error` in
// plugin-types.ts proves an error exists; this proves which one, where.
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const TSC = Bun.resolveSync("typescript/bin/tsc", import.meta.dir);
const FIXTURES = join(import.meta.dir, "must-fail");
const REPORTED = /^(.+?)\((\d+),\d+\): error (TS\d+):/;
const MARKED = /\/\/ error (TS\d+)/;

let output: string | undefined;
/** tsc's report on every fixture, compiled once (compiling is slow on a small machine). */
function tscOutput(): string {
  output ??= (() => {
    const tsc = Bun.spawnSync(["bun", TSC, "-p", "tsconfig.json", "--pretty", "false"], { cwd: FIXTURES, stdout: "pipe", stderr: "pipe" });
    return tsc.stdout.toString() + tsc.stderr.toString();
  })();
  return output;
}

/** `line code` of each error tsc reports in a file (`file` is relative to must-fail/). */
function reported(file: string): string[] {
  const errors = tscOutput().split("\n").flatMap((line) => {
    const match = REPORTED.exec(line);
    return match && match[1] === file ? [`${match[2]} ${match[3]}`] : [];
  });
  return [...new Set(errors)].sort();
}

/** `line code` of each error a fixture marks. */
function marked(file: string): string[] {
  const lines = readFileSync(join(FIXTURES, file), "utf8").split("\n");
  return lines.flatMap((line, index) => {
    const match = MARKED.exec(line);
    return match ? [`${index + 1} ${match[1]}`] : [];
  }).sort();
}

describe("code that must not compile", () => {
  test("tsc fails only in the fixtures, never in the sources they import", () => {
    const fixtures = new Set(readdirSync(FIXTURES).filter((file) => file.endsWith(".ts")));
    const files = tscOutput().split("\n").flatMap((line) => REPORTED.exec(line)?.[1] ?? []);

    expect(files.filter((file) => !fixtures.has(file))).toEqual([]);
  }, 120_000);

  test("a guarded route's context holds the app's claims and no user without a lookup", () => {
    const expected = marked("guarded-route.ts");

    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(reported("guarded-route.ts")).toEqual(expected);
  }, 120_000);

  test("an optional route's claims, identity and user are possibly null, and auth: \"optional\" does not compile", () => {
    const expected = marked("optional-route.ts");

    expect(expected.length).toBe(5);
    expect(reported("optional-route.ts")).toEqual(expected);
  }, 120_000);

  test("the compiler's refusal of auth: \"optional\" names optionalAuth", () => {
    const refusal = tscOutput().split("\n").find((line) => line.startsWith("optional-route.ts(") && line.includes("error TS2322"));

    expect(refusal).toContain(`Type '"optional"' is not assignable to type 'AuthMode | OptionalRoutesUseOptionalAuth | undefined'`);
  }, 120_000);
});
