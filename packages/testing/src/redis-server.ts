import { RedisClient } from "bun";
import { collectOutput } from "./collect-output.ts";
import { pollUntil } from "./poll.ts";

/** A private `redis-server` process on a loopback port, for tests that stop and restart Redis. */
export interface RedisServerProcess {
  url: string;
  port: number;
  /** SIGTERM to the process this helper started (never any other), and wait for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port (and folder), resolving once it answers PING. */
  restart(): Promise<void>;
  /** SIGSTOP: connections stay open but nothing answers, as with a hung server or a lost network. */
  freeze(): void;
  /** SIGCONT after `freeze`. */
  thaw(): void;
}

/** Where a private Redis keeps its data. */
export interface RedisServerOptions {
  /** Keep an append-only file in this folder (fsync on every write), so data survives a restart. Default: nothing on disk. */
  appendOnlyDir?: string;
}

/** Whether a `redis-server` binary is on the PATH. */
export function redisServerAvailable(): boolean {
  return Bun.which("redis-server") !== null;
}

/**
 * Starts `redis-server` on a free loopback port and resolves once it answers, checking that
 * the answer comes from the process started here (INFO's `process_id`), not from a stray
 * server already on that port.
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServerProcess> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = freePort();
    try {
      let child = await spawnAndWait(port, options);
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        async stop() {
          child.kill("SIGCONT"); // a frozen process would not act on SIGTERM
          child.kill("SIGTERM");
          await child.exited;
        },
        async restart() {
          if (child.exitCode === null && child.signalCode === null) throw new Error("redis-server is still running");
          child = await spawnAndWait(port, options);
        },
        freeze() {
          child.kill("SIGSTOP");
        },
        thaw() {
          child.kill("SIGCONT");
        },
      };
    } catch (error) {
      lastError = error; // most likely the port was taken in between: try another
    }
  }
  throw lastError;
}

/** A port the kernel just handed out, closed again for redis-server to take. */
function freePort(): number {
  const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const { port } = listener;
  listener.stop(true);
  return port;
}

async function spawnAndWait(port: number, options: RedisServerOptions): Promise<Bun.Subprocess<"ignore", "pipe", "pipe">> {
  const persistence = options.appendOnlyDir
    ? ["--appendonly", "yes", "--appendfsync", "always", "--dir", options.appendOnlyDir]
    : ["--appendonly", "no"];
  const child = Bun.spawn(["redis-server", "--port", String(port), "--bind", "127.0.0.1", "--save", "", ...persistence], {
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const output = collectOutput(child);
  const { held } = await pollUntil(
    async () => child.exitCode === null && (await serverPid(port)) === child.pid,
    (up) => up || child.exitCode !== null,
    { timeoutMs: 10_000, intervalMs: 20 },
  );
  if (held && child.exitCode === null) return child;
  child.kill("SIGTERM");
  await child.exited;
  throw new Error(`redis-server did not start on port ${port}:\n${output()}`);
}

/** The process id of the Redis answering on `port`, or undefined while none answers. */
async function serverPid(port: number): Promise<number | undefined> {
  const client = new RedisClient(`redis://127.0.0.1:${port}`, { autoReconnect: false, enableOfflineQueue: false, connectionTimeout: 500 });
  try {
    await client.connect();
    const info = String(await client.send("INFO", ["server"]));
    const match = /process_id:(\d+)/.exec(info);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  } finally {
    client.close();
  }
}
