/**
 * Cold start of the executable (`dist/jot serve`, from `bun run build`) against `bun run start` and
 * against `bun src/main.ts` without the task runner: from spawn to the first 200 on /health, each
 * start on a fresh SQLite file, pinned to core 1, median of 5 with the rounds interleaved.
 * Prints a markdown table; asserts nothing. Run from anywhere: `bun apps/server/bench/executable-start.ts`
 * (BENCH_ROUNDS changes the count).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { executablePath } from "../scripts/build-executable.ts";
import { BENCH_MFA_KEY, freePort } from "./servers.ts";
import { fixed, median, table } from "./stats.ts";

const ROOT = join(import.meta.dir, "..", "..", "..");
const CPU = "1";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECRET = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex");

interface Variant {
  label: string;
  /** The command and the folder it runs in, given the start's own data folder. */
  command(dataDir: string): { argv: string[]; cwd: string };
}

const VARIANTS: Variant[] = [
  { label: "`dist/jot serve`", command: (dataDir) => ({ argv: [executablePath(), "serve"], cwd: dataDir }) },
  { label: "`bun run start`", command: () => ({ argv: ["bun", "run", "start"], cwd: ROOT }) },
  { label: "`bun src/main.ts`", command: () => ({ argv: ["bun", join(ROOT, "apps", "server", "src", "main.ts")], cwd: ROOT }) },
];

/** Milliseconds from spawn to the first 200 on /health; the server is stopped and its data removed after. */
async function timeToHealthy(variant: Variant): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), "jot-bench-start-"));
  const port = freePort();
  const { argv, cwd } = variant.command(dataDir);
  const started = performance.now();
  const child = Bun.spawn(["taskset", "-c", CPU, ...argv], {
    cwd,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", AUTH_REGISTRATION: "open", JWT_SECRET_KEY: SECRET, DATABASE_URL: `sqlite://${dataDir}/jot.sqlite`, MFA_ENCRYPTION_KEY: BENCH_MFA_KEY },
    stdin: "ignore",
    stdout: "ignore",
    stderr: "ignore",
    // `bun run` starts the server as a child of its own: the whole group is stopped.
    detached: true,
  });
  try {
    for (;;) {
      const response = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
      if (response?.status === 200) return performance.now() - started;
      if (child.exitCode !== null) throw new Error(`${variant.label} exited with ${child.exitCode} before it was healthy`);
      if (performance.now() - started > 120_000) throw new Error(`${variant.label} was not healthy within 120 s`);
      await Bun.sleep(2);
    }
  } finally {
    // A start that failed has exited already: only a live group is stopped.
    if (child.exitCode === null) process.kill(-child.pid, "SIGTERM");
    await child.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (!existsSync(executablePath())) {
  console.error(`${executablePath()} is missing: run bun run build first`);
  process.exit(1);
}
const times = VARIANTS.map(() => [] as number[]);
for (let round = 0; round < ROUNDS; round++) {
  for (const [index, variant] of VARIANTS.entries()) times[index]!.push(await timeToHealthy(variant));
}
console.log(
  table(
    ["started as", "median ms", "min ms", "max ms", "runs (ms)"],
    VARIANTS.map((variant, index) => [variant.label, fixed(median(times[index]!)), fixed(Math.min(...times[index]!)), fixed(Math.max(...times[index]!)), times[index]!.map((time) => fixed(time)).join(" / ")]),
  ),
);
console.log(`\nexecutable: ${(Bun.file(executablePath()).size / 1024 / 1024).toFixed(1)} MiB`);
