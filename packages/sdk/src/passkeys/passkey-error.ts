import { AuthError } from "../auth-error.ts";

/** What the browser calls a ceremony that ended without a passkey: cancelled, timed out, or none on this device. */
const ENDED_WITHOUT_PASSKEY = new Set(["NotAllowedError", "AbortError"]);

/**
 * The {@link AuthError} a failed browser ceremony becomes (status 0: no server answered):
 * `passkey_cancelled` or `passkey_failed`. `@simplewebauthn/browser` keeps the browser's error
 * name (`NotAllowedError`, `InvalidStateError`, …) on what it throws.
 */
export function passkeyCeremonyError(caught: unknown): AuthError {
  const name = typeof caught === "object" && caught !== null ? String((caught as { name?: unknown }).name) : "";
  const cancelled = ENDED_WITHOUT_PASSKEY.has(name);
  return new AuthError({
    code: cancelled ? "passkey_cancelled" : "passkey_failed",
    status: 0,
    msg: cancelled ? "The passkey ceremony ended without a passkey" : `The browser refused the passkey ceremony (${name || "unknown error"})`,
    cause: caught,
  });
}
