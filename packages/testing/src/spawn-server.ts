import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectOutput } from "./collect-output.ts";
import { pollUntil } from "./poll.ts";

// The standalone server of this repository, run as a process: a file, not an import, so this
// workspace depends on no jot package and every workspace, the server included, may use it.
const MAIN = join(import.meta.dir, "..", "..", "..", "apps", "server", "src", "main.ts");

/** A real jot server process on a free loopback port. */
export interface ServerProcess {
  url: string;
  port: number;
  process: Bun.Subprocess<"ignore", "pipe", "pipe">;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, wait for the exit, remove the data folder. */
  stop(): Promise<number>;
}

/**
 * Starts `apps/server/src/main.ts` as `bun run start` would, with its own data folder, on port 0
 * (the kernel picks a free one), and resolves once it listens. `env` adds or overrides variables.
 */
export async function spawnServer(env: Record<string, string> = {}): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), "jot-server-"));
  const child = Bun.spawn(["bun", MAIN], {
    cwd: dataDir,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: `sqlite://${dataDir}/jot.sqlite`,
      NODE_ENV: "development",
      // Every request of a test comes from 127.0.0.1: per-address limits would trip across tests.
      LOGIN_MAX_FAILURES_PER_ADDRESS: "1000000",
      LOGIN_MAX_FAILURES_PER_NETWORK: "1000000",
      LOGIN_MAX_FAILURES_PER_SITE: "1000000",
      REFRESH_MAX_FAILURES_PER_ADDRESS: "1000000",
      REGISTER_MAX_PER_ADDRESS: "1000000",
      ...env,
    },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const output = collectOutput(child);
  const stop = async () => {
    child.kill("SIGTERM");
    const code = await child.exited;
    rmSync(dataDir, { recursive: true, force: true });
    return code;
  };
  const { answer: port } = await pollUntil(
    () => Number(/jot listening on port (\d+)/.exec(output())?.[1]) || undefined,
    (found) => found !== undefined || child.exitCode !== null,
    { timeoutMs: 15_000, intervalMs: 20 },
  );
  if (port !== undefined) return { url: `http://127.0.0.1:${port}`, port, process: child, output, stop };
  await stop();
  throw new Error(`jot did not start:\n${output()}`);
}
