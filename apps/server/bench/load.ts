import { join } from "node:path";

/** One measured wrk run. */
export interface LoadResult {
  requestsPerSecond: number;
  p99Ms: number;
  /** Non-2xx answers plus socket errors (connect, read, write, timeout). */
  errors: number;
  requests: number;
}

/** What to load and how. */
export interface LoadOptions {
  url: string;
  /** One token per line, sent round robin (rotate-tokens.lua), or whatever `script` reads from it. */
  tokensFile: string;
  /** A wrk script of one's own that reads BENCH_TOKENS_FILE; default rotate-tokens.lua. */
  script?: string;
  seconds: number;
  connections: number;
  /** The core wrk is pinned to: never the server's. */
  cpu: number;
}

const SCRIPT = join(import.meta.dir, "rotate-tokens.lua");

/** Installs wrk from Debian's packages when it is missing. */
export async function ensureWrk(): Promise<void> {
  if (Bun.which("wrk")) return;
  console.log("installing wrk (apt-get)…");
  await Bun.$`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk`.quiet();
  if (!Bun.which("wrk")) throw new Error("wrk could not be installed");
}

/** Drives `url` with wrk (one thread, pinned) on loopback for a bounded time and parses its report. */
export async function runLoad({ url, tokensFile, script = SCRIPT, seconds, connections, cpu }: LoadOptions): Promise<LoadResult> {
  if (!new URL(url).hostname.startsWith("127.")) throw new Error("load is only ever sent to loopback");
  const output = await Bun.$`taskset -c ${cpu} wrk -t1 -c${connections} -d${seconds}s --latency -s ${script} ${url}`
    .env({ ...process.env, BENCH_TOKENS_FILE: tokensFile })
    .text();
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const p99 = /\s99%\s+([\d.]+)(us|ms|s)\b/.exec(output);
  const requests = /(\d+) requests in/.exec(output);
  if (!rps || !p99 || !requests) throw new Error(`could not read wrk's report:\n${output}`);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  const scale = { us: 0.001, ms: 1, s: 1000 }[p99[2] as "us" | "ms" | "s"];
  return {
    requestsPerSecond: Number(rps[1]),
    p99Ms: Number(p99[1]) * scale,
    errors: non2xx + socketErrors,
    requests: Number(requests[1]),
  };
}
