// Debian's Chromium, the one browser every browser suite drives (playwright-core downloads none).
import { existsSync } from "node:fs";
import { probeService, type Service } from "./services.ts";

export const CHROMIUM = "/usr/bin/chromium";

/** Locally a machine without Debian's Chromium skips the suite saying why; under CI its absence fails. */
export function probeChromium(): Promise<Service> {
  return probeService("Chromium", () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get update && apt-get install -y chromium`);
  });
}

/**
 * Headless flags for a closed machine: no background traffic of Chromium's own (its connections
 * would be refused, many at a time), and every host name but `reachable` resolved to nothing, so a
 * page can reach only the server under test.
 */
export function chromiumArgs(reachable: readonly string[] = ["127.0.0.1"]): string[] {
  return [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    `--host-resolver-rules=MAP * ~NOTFOUND, ${reachable.map((host) => `EXCLUDE ${host}`).join(", ")}`,
  ];
}
