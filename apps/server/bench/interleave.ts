import type { LoadResult } from "./load.ts";
import type { BenchServer } from "./servers.ts";

/** A load run with the server's CPU time per request it served. */
export interface Measured extends LoadResult {
  cpuMicros: number;
  /** Answers that were 2xx, per second. */
  okPerSecond: number;
}

/** Runs `load` against `server` and adds the server's CPU time per request and the 2xx rate. */
export async function measuredLoad(server: BenchServer, seconds: number, load: (seconds: number) => Promise<LoadResult>): Promise<Measured> {
  const cpuBefore = server.cpuSeconds();
  const result = await load(seconds);
  const ok = Math.max(0, result.requests - result.errors);
  // A run the server answered nothing in has no latency or cost per request to show.
  if (result.requests === 0) return { ...result, p99Ms: Number.NaN, cpuMicros: Number.NaN, okPerSecond: 0 };
  return { ...result, cpuMicros: ((server.cpuSeconds() - cpuBefore) * 1e6) / result.requests, okPerSecond: (result.requestsPerSecond * ok) / result.requests };
}

/**
 * Rounds interleaved over targets (round 1 of every target, then round 2, …) after a 2 s warm-up
 * of each, so drift on a shared machine hits all alike; answers each target's runs in round order.
 */
export async function interleavedRounds<T>(targets: Array<{ label: string; run: (seconds: number) => Promise<T> }>, rounds: number, seconds: number, describe: (result: T) => string): Promise<T[][]> {
  for (const target of targets) await target.run(2);
  const results = targets.map(() => [] as T[]);
  for (let round = 0; round < rounds; round++) {
    for (const [index, target] of targets.entries()) {
      const result = await target.run(seconds);
      results[index]!.push(result);
      console.log(`  round ${round + 1}, ${target.label}: ${describe(result)}`);
    }
  }
  return results;
}
