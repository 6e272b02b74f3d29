/** The order of the P-256 group (FIPS 186-4, D.1.2.3). */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const HALF_ORDER = P256_ORDER >> 1n;
/** An ES256 signature is r‖s, 32 bytes each (RFC 7518 §3.4). */
const HALF_LENGTH = 32;

/**
 * Whether a raw ES256 signature (r‖s) has its `s` in the lower half of the group order (S-29).
 * ECDSA accepts both `s` and `n - s` for the same message, so every valid signature has a twin;
 * refusing the high one leaves one spelling per token. Runs on the raw bytes before any
 * verification library sees them, so it holds whatever verifies the signature afterwards.
 */
export function isLowS(signature: Uint8Array): boolean {
  if (signature.length !== 2 * HALF_LENGTH) return false;
  const s = BigInt(`0x${Buffer.from(signature.subarray(HALF_LENGTH)).toString("hex")}`);
  return s > 0n && s <= HALF_ORDER;
}

/**
 * {@link isLowS} for the signature segment of a compact ES256 token (base64url), so a verifier
 * that hands the token to a library (jose) can refuse the high-S twin before the library runs.
 *
 * @example
 * if (!isLowSSignature(token.split(".")[2] ?? "")) throw new JotError("invalid_token", "Signature verification failed");
 */
export function isLowSSignature(segment: string): boolean {
  return isLowS(Buffer.from(segment, "base64url"));
}

/** The low-S twin of a raw ES256 signature: what jot signs, since OpenSSL picks either half. */
export function toLowS(signature: Uint8Array): Uint8Array {
  if (signature.length !== 2 * HALF_LENGTH || isLowS(signature)) return signature;
  const s = BigInt(`0x${Buffer.from(signature.subarray(HALF_LENGTH)).toString("hex")}`);
  const twin = Buffer.from((P256_ORDER - s).toString(16).padStart(2 * HALF_LENGTH, "0"), "hex");
  return Buffer.concat([signature.subarray(0, HALF_LENGTH), twin]);
}

/**
 * A compact ES256 token with its signature in the low-S spelling, for tokens signed by a library
 * that picks either S (jose, OpenSSL): the same token, now the one spelling jot accepts.
 *
 * @example
 * const token = withLowS(await new SignJWT(claims).setProtectedHeader({ alg: "ES256" }).sign(key));
 */
export function withLowS(token: string): string {
  const lastDot = token.lastIndexOf(".");
  const signature = Buffer.from(token.slice(lastDot + 1), "base64url");
  return `${token.slice(0, lastDot + 1)}${Buffer.from(toLowS(signature)).toString("base64url")}`;
}
