import { probeService } from "./services.ts";

const OATHTOOL = "oathtool";

/**
 * Debian's oathtool, an implementation of RFC 6238 independent of jot's: the TOTP codes tests
 * submit come from it. Locally a machine without it skips those suites saying why; CI installs it,
 * and there its absence fails the run.
 */
export const oathtoolService = await probeService("oathtool", () => {
  if (Bun.which(OATHTOOL) === null) throw new Error("oathtool is missing: apt-get install -y oathtool");
});

/** The TOTP code (SHA-1, 6 digits, 30 s steps) of a base32 secret at a moment (ms), as oathtool computes it. */
export function oathtoolCode(secret: string, atMs: number): string {
  const run = Bun.spawnSync([OATHTOOL, "--totp", "-b", secret, "-N", `@${Math.floor(atMs / 1000)}`], { stderr: "pipe" });
  if (run.exitCode !== 0) throw new Error(`oathtool exited ${run.exitCode}: ${run.stderr.toString()}`);
  return run.stdout.toString().trim();
}
