/**
 * Prints `N passed, N failed` (and `, N skipped`) counted from the junit reports that `bun test`
 * wrote in each workspace. Exits 1 when a workspace that has tests left no report (its run
 * crashed) or when anything failed.
 *
 *   bun scripts/junit-summary.ts apps/server packages/sdk …
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const REPORT = join(".test-results", "junit.xml");
let passed = 0;
let failed = 0;
let skipped = 0;
const problems: string[] = [];

for (const workspace of process.argv.slice(2)) {
  const path = join(workspace, REPORT);
  if (!existsSync(path)) {
    problems.push(`${workspace}: no test report (the test run did not finish)`);
    failed++;
    continue;
  }
  const root = /<testsuites\b([^>]*)>/.exec(readFileSync(path, "utf8"))?.[1] ?? "";
  const count = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(root)?.[1] ?? 0);
  const tests = count("tests");
  const failures = count("failures") + count("errors");
  const skips = count("skipped");
  if (tests === 0) problems.push(`${workspace}: the report counts no test`);
  passed += tests - failures - skips;
  failed += failures;
  skipped += skips;
}

for (const problem of problems) console.error(problem);
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || problems.length > 0 ? 1 : 0);
