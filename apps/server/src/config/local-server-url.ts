import type { Config } from "./config.ts";

/**
 * Where a program on this host reaches the server `HOST`/`PORT` describe: a server listening on
 * every interface (no `HOST`, `0.0.0.0`, `::`) is reached on loopback.
 */
export function localServerUrl({ host, port }: Pick<Config, "host" | "port">): string {
  const reachable = host === undefined || host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${port}`;
}
