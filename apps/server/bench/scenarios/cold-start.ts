import { jotVariants, type BenchContext } from "../context.ts";
import { fixed, median, table } from "../stats.ts";
import { timeToHealthy } from "../time-to-healthy.ts";

/** Cold start: time to the first 200 on /health, on a fresh SQLite file and on Postgres + Redis, median of 5 (interleaved). */
export async function coldStart(context: BenchContext): Promise<string> {
  const jot = jotVariants(context);
  const variants = [jot.sqlite, jot.postgresRedis];
  const times = variants.map(() => [] as number[]);
  for (let round = 0; round < 5; round++) {
    for (const [index, variant] of variants.entries()) times[index]!.push((await timeToHealthy(context, variant.env)).ms);
  }
  return `${table(
    ["server", "median ms", "min ms", "max ms", "runs (ms)"],
    variants.map((variant, index) => [variant.label, fixed(median(times[index]!)), fixed(Math.min(...times[index]!)), fixed(Math.max(...times[index]!)), times[index]!.map((t) => fixed(t)).join(" / ")]),
  )}\n\nFrom \`bun src/main.ts\` being spawned (pinned to its core) to the first 200 on /health: the runtime's start, loading the code, opening and migrating the stores, loading revocations.`;
}
