import { probeService } from "@jot/testing";
import type { TestApp } from "./test-app.ts";

const OATHTOOL = "oathtool";
/**
 * Debian's oathtool, an implementation of RFC 6238 independent of jot's: the codes tests submit
 * come from it. Locally a machine without it skips those suites saying why; CI installs it, and
 * there its absence fails the run.
 */
export const oathtoolService = await probeService("oathtool", () => {
  if (Bun.which(OATHTOOL) === null) throw new Error("oathtool is missing: apt-get install -y oathtool");
});

/** The TOTP code (SHA-1, 6 digits, 30 s) of a base32 secret at a moment (ms), as oathtool computes it. */
export function oathtoolCode(secret: string, atMs: number): string {
  const run = Bun.spawnSync([OATHTOOL, "--totp", "-b", secret, "-N", `@${Math.floor(atMs / 1000)}`], { stderr: "pipe" });
  if (run.exitCode !== 0) throw new Error(`oathtool exited ${run.exitCode}: ${run.stderr.toString()}`);
  return run.stdout.toString().trim();
}

/** One 30-second TOTP time-step, in seconds. */
export const STEP_SECONDS = 30;

/** Turns the second factor on for the holder of a fresh `access` token; answers its secret and recovery codes. */
export async function enableTotp(t: TestApp, access: string): Promise<{ secret: string; otpauthUrl: string; recoveryCodes: string[] }> {
  const enrolled = await t.request("/auth/mfa/totp", { method: "POST", token: access });
  if (enrolled.status !== 200) throw new Error(`enrol answered ${enrolled.status}: ${await enrolled.text()}`);
  const { secret, otpauth_url: otpauthUrl } = (await enrolled.json()) as { secret: string; otpauth_url: string };
  const confirmed = await t.request("/auth/mfa/totp/confirm", { method: "POST", token: access, json: { code: oathtoolCode(secret, t.clock()) } });
  if (confirmed.status !== 200) throw new Error(`confirm answered ${confirmed.status}: ${await confirmed.text()}`);
  const { recovery_codes: recoveryCodes } = (await confirmed.json()) as { recovery_codes: string[] };
  // The confirming code's step is used: the next code a test submits is the next step's.
  t.clock.advance(STEP_SECONDS);
  return { secret, otpauthUrl, recoveryCodes };
}

/** Logs in with a password alone; answers the body (an `mfa_required` challenge for a user with a second factor). */
export async function passwordLogin(t: TestApp, username: string, password: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await t.request("/auth/login", { method: "POST", json: { username, password } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** `POST /auth/mfa/verify`. */
export function verifyMfa(t: TestApp, body: Record<string, unknown>): Promise<Response> {
  return t.request("/auth/mfa/verify", { method: "POST", json: body });
}
