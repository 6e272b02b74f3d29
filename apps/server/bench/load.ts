/** One measured load run. */
export interface LoadResult {
  requestsPerSecond: number;
  p99Ms: number;
  non2xx: number;
}

/** Installs wrk from Debian's packages when it is missing. */
export async function ensureWrk(): Promise<void> {
  if (Bun.which("wrk")) return;
  console.log("installing wrk (apt-get)…");
  await Bun.$`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk`.quiet();
  if (!Bun.which("wrk")) throw new Error("wrk could not be installed");
}

/** Drives `url` with wrk on loopback for a bounded time and parses its report. */
export async function runLoad(url: string, headers: Record<string, string>, seconds: number, connections: number): Promise<LoadResult> {
  if (!new URL(url).hostname.startsWith("127.")) throw new Error("load is only ever sent to loopback");
  const headerArgs = Object.entries(headers).flatMap(([name, value]) => ["-H", `${name}: ${value}`]);
  const output = await Bun.$`wrk -t1 -c${connections} -d${seconds}s --latency ${headerArgs} ${url}`.text();
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const p99 = /\s99%\s+([\d.]+)(us|ms|s)\b/.exec(output);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output);
  if (!rps || !p99) throw new Error(`could not read wrk's report:\n${output}`);
  const scale = { us: 0.001, ms: 1, s: 1000 }[p99[2] as "us" | "ms" | "s"];
  return { requestsPerSecond: Number(rps[1]), p99Ms: Number(p99[1]) * scale, non2xx: non2xx ? Number(non2xx[1]) : 0 };
}
