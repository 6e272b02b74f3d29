import type { BenchContext } from "./context.ts";
import { freePort, rssMiB, spawnServer } from "./servers.ts";

/** How long jot took from spawn to its first 200 on /health, and its resident memory then. */
export interface StartUp {
  ms: number;
  rssMiB: number;
}

/** Spawns jot on a known port, polls /health every 2 ms until it answers 200, then stops it. */
export async function timeToHealthy(context: BenchContext, env: Record<string, string>, dataDir?: string): Promise<StartUp> {
  const port = freePort();
  const started = performance.now();
  const { child, stop, output } = spawnServer({ kind: "jot", cpu: context.serverCpu, port, env: { JWT_SECRET_KEY: context.secret, ...env }, ...(dataDir ? { dataDir } : {}) });
  try {
    for (;;) {
      const response = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
      if (response?.status === 200) return { ms: performance.now() - started, rssMiB: rssMiB(child.pid) };
      if (child.exitCode !== null) throw new Error(`jot exited before it was healthy:\n${output()}`);
      if (performance.now() - started > 300_000) throw new Error(`jot was not healthy within 300 s:\n${output()}`);
      await Bun.sleep(2);
    }
  } finally {
    await stop();
  }
}
