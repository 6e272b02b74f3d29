/**
 * The COSE algorithms a passkey may use (S-34): ES256 (-7), EdDSA (-8), RS256 (-257). Pinned, not
 * left to `@simplewebauthn/server`'s default, which on Bun adds ML-DSA-44 (-48): a new algorithm is
 * a decision, never a library upgrade's side effect.
 */
export const PASSKEY_ALGORITHMS: readonly number[] = [-7, -8, -257];

/**
 * The `amr` (RFC 8176) of a token issued from a passkey login with user verification:
 * - `swk`: proof of possession of a key. Not `hwk`: with attestation `none` nothing proves the key
 *   lives in hardware, and synced passkeys are copied between devices by their provider.
 * - `user`: the authenticator tested the user's presence (and, required here, verified them).
 * - `mfa`: a verified passkey is two factors at once, the device held and the PIN or biometric
 *   that unlocked it; a step-up asking for a second factor is met by it.
 */
export const PASSKEY_AMR: readonly string[] = ["swk", "user", "mfa"];

/** How long a ceremony's challenge may be answered, by default: WebAuthn's own suggested timeout. */
export const DEFAULT_CHALLENGE_TTL_SECONDS = 300;
