import { oathtoolCode } from "@jot/testing";
import type { TestApp } from "./test-app.ts";

export { oathtoolCode, oathtoolService } from "@jot/testing";

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
