/** The order of the P-256 group (FIPS 186-4, D.1.2.3). */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const HALF_ORDER = P256_ORDER >> 1n;
/** An ES256 signature is r‖s, 32 bytes each (RFC 7518 §3.4). */
const HALF_LENGTH = 32;

/**
 * Whether a raw ES256 signature (r‖s) has its `s` in the lower half of the group order. ECDSA
 * accepts both `s` and `n - s` for the same message, so every valid signature has a twin; jot
 * verifies either (S-29) and signs the low one.
 */
export function isLowS(signature: Uint8Array): boolean {
  if (signature.length !== 2 * HALF_LENGTH) return false;
  const s = BigInt(`0x${Buffer.from(signature.subarray(HALF_LENGTH)).toString("hex")}`);
  return s > 0n && s <= HALF_ORDER;
}

/** The low-S twin of a raw ES256 signature: what jot signs, since OpenSSL picks either half. */
export function toLowS(signature: Uint8Array): Uint8Array {
  if (signature.length !== 2 * HALF_LENGTH || isLowS(signature)) return signature;
  const s = BigInt(`0x${Buffer.from(signature.subarray(HALF_LENGTH)).toString("hex")}`);
  const twin = Buffer.from((P256_ORDER - s).toString(16).padStart(2 * HALF_LENGTH, "0"), "hex");
  return Buffer.concat([signature.subarray(0, HALF_LENGTH), twin]);
}
