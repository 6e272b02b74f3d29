// `jot health` (what the container's HEALTHCHECK runs) against the app served on this host: exit
// 0 only on a 200 from /health, and one line saying what it found either way.
import { afterAll, describe, expect, test } from "bun:test";
import type { Server } from "bun";
import { checkHealth } from "./health-command.ts";
import { createTestApp, TEST_SECRET, type TestApp } from "../test/test-app.ts";

const opened: { app: TestApp; server: Server<undefined> }[] = [];
afterAll(async () => {
  for (const { app, server } of opened) {
    await server.stop(true);
    await app.close();
  }
});

/** The app on `hostname` at a free port; with its database closed when `broken`. */
async function serve(hostname: string, { broken = false } = {}): Promise<number> {
  const app = await createTestApp();
  if (broken) await app.close();
  const server = Bun.serve({ hostname, port: 0, fetch: (request) => app.app.handle(request) });
  opened.push({ app, server });
  return server.port!;
}

/** What the image sets: production, the key, registration decided, and the port. */
const production = (env: Record<string, string>) => ({ NODE_ENV: "production", JWT_SECRET_KEY: TEST_SECRET, AUTH_REGISTRATION: "closed", ...env });

describe("jot health", () => {
  test("is healthy when the server on PORT answers /health with 200", async () => {
    const port = await serve("127.0.0.1");
    expect(await checkHealth(production({ PORT: String(port) }))).toEqual({ healthy: true, line: `jot: healthy: http://127.0.0.1:${port}/health answered 200` });
  });

  test("is unhealthy when /health answers 503, naming the stores that did not answer", async () => {
    const port = await serve("127.0.0.1", { broken: true });
    expect(await checkHealth(production({ PORT: String(port) }))).toEqual({
      healthy: false,
      line: `jot: unhealthy: http://127.0.0.1:${port}/health answered 503 (Unavailable: database)`,
    });
  });

  test("is unhealthy when nothing answers on PORT", async () => {
    const free = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
    const port = free.port!;
    await free.stop(true);
    const verdict = await checkHealth(production({ PORT: String(port) }));
    expect(verdict.healthy).toBe(false);
    expect(verdict.line).toStartWith(`jot: unhealthy: no answer from http://127.0.0.1:${port}/health (`);
  });

  test("a server listening on every interface (HOST=0.0.0.0) is asked on loopback", async () => {
    const port = await serve("0.0.0.0");
    expect(await checkHealth(production({ HOST: "0.0.0.0", PORT: String(port) }))).toEqual({ healthy: true, line: `jot: healthy: http://127.0.0.1:${port}/health answered 200` });
  });

  test("a configuration the server would refuse is unhealthy, in the server's own words", async () => {
    expect(await checkHealth(production({ PORT: "70000" }))).toEqual({ healthy: false, line: 'jot: PORT: expected a whole number from 0 to 65535, got "70000"' });
  });
});
