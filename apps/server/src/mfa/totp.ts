import { Secret, TOTP } from "otpauth";

/** RFC 6238 as authenticator apps take it: HMAC-SHA-1, 6 digits, 30-second steps. */
const ALGORITHM = "SHA1";
const DIGITS = 6;
const PERIOD_SECONDS = 30;
/** Codes of the step before and after are accepted too: a phone's clock a little off, a code typed as it turned. */
const WINDOW_STEPS = 1;

/** A new TOTP secret: 20 random bytes (160 bits, as RFC 4226 recommends), in base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://totp/…` URL an authenticator app reads from a QR code. */
export function otpauthUrl(secret: string, { issuer, account }: { issuer: string; account: string }): string {
  return new TOTP({ issuer, label: account, secret: Secret.fromBase32(secret), algorithm: ALGORITHM, digits: DIGITS, period: PERIOD_SECONDS }).toString();
}

/**
 * The time-step a code belongs to when it is the secret's code for the step at `now` or one step
 * either side, else `null`. Compared in constant time (the library's `timingSafeEqual`). The
 * caller remembers the step, so the same code is never taken twice.
 */
export function matchingStep(secret: string, code: string, now: number): number | null {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: ALGORITHM, digits: DIGITS, period: PERIOD_SECONDS });
  const delta = totp.validate({ token: code, timestamp: now, window: WINDOW_STEPS });
  return delta === null ? null : totp.counter({ timestamp: now }) + delta;
}
