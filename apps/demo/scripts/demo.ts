/**
 * `bun run demo`: builds the page, serves it, and starts a jot server beside it whose CORS_ORIGINS is
 * the page's origin. Stops both on Ctrl-C.
 *
 * Environment:
 * - DEMO_PORT (default 5173): where the page is served, on 127.0.0.1;
 * - JOT_URL: use this running jot server instead of starting one (its CORS_ORIGINS must list the
 *   page's origin, which is printed);
 * - JOT_PORT (default 3000) and JWT_ACCESS_TOKEN_EXPIRES (default 30s, short so the countdown and
 *   the refresh are visible): for the jot server started here, which keeps its data in a temporary
 *   folder removed on exit.
 */
import { serveDemo } from "../src/serve-demo.ts";
import { buildDemo } from "./build.ts";
import { startJot, type JotProcess } from "./start-jot.ts";

const demoPort = Number(process.env.DEMO_PORT ?? 5173);
const dir = await buildDemo();

let jotUrl = process.env.JOT_URL ?? "";
const demo = serveDemo({ dir, port: demoPort, jotUrl: () => jotUrl });

let jot: JotProcess | null = null;
if (jotUrl === "") {
  const corsOrigins = `${demo.origin},http://localhost:${demoPort}`;
  jot = await startJot(Number(process.env.JOT_PORT ?? 3000), {
    CORS_ORIGINS: corsOrigins,
    JWT_ACCESS_TOKEN_EXPIRES: process.env.JWT_ACCESS_TOKEN_EXPIRES ?? "30s",
  });
  jotUrl = jot.url;
  console.log(`jot server: ${jot.url} (CORS_ORIGINS=${corsOrigins})`);
} else {
  console.log(`jot server: ${jotUrl} (not started here: its CORS_ORIGINS must include ${demo.origin})`);
}
console.log(`demo page:  ${demo.origin}/   (add ?autoRefresh=off to renew only when a call meets an expired token)`);
console.log(`passkeys:   open http://localhost:${demoPort}/ (browsers refuse an IP address as a passkey's site)`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await demo.stop();
  await jot?.stop();
  process.exit(0);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
