import { jotVariants, type BenchContext } from "../context.ts";
import { runLoad } from "../load.ts";
import { startServer } from "../servers.ts";
import { fixed, table } from "../stats.ts";

/**
 * Soak: jot on SQLite at full load with the 100,000 distinct tokens for BENCH_SOAK_SECONDS
 * (default 60), resident memory sampled every tenth of the run. Flat RSS means the caches are
 * bounded; any error is a failure to look at.
 */
export async function soak(context: BenchContext): Promise<string> {
  const seconds = Number(process.env.BENCH_SOAK_SECONDS ?? 60);
  const variant = jotVariants(context).sqlite;
  const server = await startServer({ kind: "jot", cpu: context.serverCpu, env: { JWT_SECRET_KEY: context.secret, ...variant.env } });
  try {
    const load = (duration: number) =>
      runLoad({ url: `${server.url}/protected`, tokensFile: context.tokens.many, seconds: duration, connections: context.connections, cpu: context.loadCpu });
    await load(2);
    const samples = [server.rssMiB()];
    const sampler = setInterval(() => samples.push(server.rssMiB()), (seconds * 1000) / 10);
    const result = await load(seconds);
    clearInterval(sampler);
    samples.push(server.rssMiB());
    return `${table(
      ["server", "seconds", "requests", "req/s", "p99 ms", "errors", "RSS start MiB", "RSS end MiB", "RSS max MiB"],
      [[variant.label, seconds, result.requests, fixed(result.requestsPerSecond), fixed(result.p99Ms, 2), result.errors, fixed(samples[0]!), fixed(samples.at(-1)!), fixed(Math.max(...samples))]],
    )}\n\nRSS every ${seconds / 10} s (MiB): ${samples.map((sample) => fixed(sample)).join(", ")}. Start is after a 2 s warm-up.`;
  } finally {
    await server.stop();
  }
}
