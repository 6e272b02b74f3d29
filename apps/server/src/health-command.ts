/**
 * `jot health`: asks the server on this host for `GET /health`, as a container's HEALTHCHECK does
 * (the image holds no curl and no Bun). The server is found from HOST and PORT, read as it reads them.
 */
import { ConfigError } from "./config/config-error.ts";
import { loadConfig } from "./config/load-config.ts";
import { localServerUrl } from "./config/local-server-url.ts";

/** Under the image's HEALTHCHECK timeout, so that a server that hangs still gets its line. */
const ANSWER_TIMEOUT_MS = 3000;

/** Whether the server answered 200, and the one line saying so (or what it answered instead). */
export interface HealthVerdict {
  healthy: boolean;
  line: string;
}

export async function checkHealth(env: Record<string, string | undefined>): Promise<HealthVerdict> {
  let url: string;
  try {
    url = `${localServerUrl(loadConfig(env))}/health`;
  } catch (error) {
    if (error instanceof ConfigError) return { healthy: false, line: `jot: ${error.message}` };
    throw error;
  }
  let response: Response;
  try {
    response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) });
  } catch (error) {
    const reason = error instanceof Error ? ((error as { code?: string }).code ?? error.name) : String(error);
    return { healthy: false, line: `jot: unhealthy: no answer from ${url} (${reason})` };
  }
  if (response.status === 200) return { healthy: true, line: `jot: healthy: ${url} answered 200` };
  // The 503 names the stores that did not answer, in `msg`.
  const body = (await response.json().catch(() => undefined)) as { msg?: unknown } | undefined;
  const msg = typeof body?.msg === "string" ? ` (${body.msg})` : "";
  return { healthy: false, line: `jot: unhealthy: ${url} answered ${response.status}${msg}` };
}
