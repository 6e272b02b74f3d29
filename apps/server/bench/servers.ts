import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A server process the bench started, pinned to one core. */
export interface BenchServer {
  url: string;
  pid: number;
  /** Resident memory now, in MiB. */
  rssMiB(): number;
  /** CPU time the process has used so far (user + system, all threads), in seconds. */
  cpuSeconds(): number;
  /** SIGTERM, wait for the exit, remove its data folder (unless the caller gave it). */
  stop(): Promise<void>;
}

/** The servers `bun run bench` knows: jot's entry point and the peers in ./peers. */
export type ServerKind = "jot" | "verifier" | "bare-hmac" | "elysia-hmac" | "elysia-bearer-hmac" | "elysia-jwt" | "hono-jwt" | "better-auth";

export interface StartOptions {
  kind: ServerKind;
  cpu: number;
  env?: Record<string, string>;
  /** A data folder to use and keep (jot's SQLite file); default a fresh one removed at stop. */
  dataDir?: string;
  /** A fixed port; default 0 (the kernel picks one and the server prints it). */
  port?: number;
  /** jot's entry point, when it is not this checkout's (another commit's, to compare with). */
  entry?: string;
}

const JOT_MAIN = join(import.meta.dir, "..", "src", "main.ts");
const PEERS = join(import.meta.dir, "peers");
/** Every child still running, so an interrupted run leaves none behind. */
const running = new Set<Bun.Subprocess>();

/** Kills every server this process started and has not stopped yet. */
export function killAllServers(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}

/** Production refuses to start without a key for TOTP secrets; the bench's servers have no second factors to read. */
export const BENCH_MFA_KEY = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex");

/**
 * Spawns a server with `taskset -c cpu` (taskset execs, so the pid is the server's). jot runs in
 * production mode with a SQLite file in its data folder unless `env` says otherwise.
 */
export function spawnServer({ kind, cpu, env = {}, dataDir, port = 0, entry = JOT_MAIN }: StartOptions) {
  const folder = dataDir ?? mkdtempSync(join(tmpdir(), "jot-bench-"));
  const file = kind === "jot" ? entry : join(PEERS, `${kind}-server.ts`);
  const child = Bun.spawn(["taskset", "-c", String(cpu), "bun", file], {
    cwd: folder,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", AUTH_REGISTRATION: "open", DATABASE_URL: `sqlite://${folder}/jot.sqlite`, MFA_ENCRYPTION_KEY: BENCH_MFA_KEY, ...env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  running.add(child);
  let output = "";
  const collect = async (stream: ReadableStream<Uint8Array>) => {
    const reader = stream.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) output += new TextDecoder().decode(chunk.value);
  };
  void collect(child.stdout);
  void collect(child.stderr);
  const stop = async () => {
    child.kill("SIGTERM");
    await child.exited;
    running.delete(child);
    if (dataDir === undefined) rmSync(folder, { recursive: true, force: true });
  };
  return { child, stop, output: () => output };
}

/** Starts a server and resolves once it prints the port it listens on. */
export async function startServer(options: StartOptions): Promise<BenchServer> {
  const { child, stop, output } = spawnServer(options);
  for (let waited = 0; waited < 60_000; waited += 10) {
    const port = /listening on port (\d+)/.exec(output())?.[1];
    if (port) return { url: `http://127.0.0.1:${port}`, pid: child.pid, rssMiB: () => rssMiB(child.pid), cpuSeconds: () => cpuSeconds(child.pid), stop };
    if (child.exitCode !== null) break;
    await Bun.sleep(10);
  }
  await stop();
  throw new Error(`${options.kind} did not start:\n${output()}`);
}

/** VmRSS of a process, in MiB. */
export function rssMiB(pid: number): number {
  const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kib ?? Number.NaN) / 1024;
}

const TICKS_PER_SECOND = Number(Bun.spawnSync(["getconf", "CLK_TCK"]).stdout.toString().trim()) || 100;

/** utime + stime of a process from /proc/<pid>/stat (fields 14 and 15, after the parenthesised name). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** A loopback port free right now. */
export function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const { port } = probe;
  probe.stop(true);
  return port;
}
