/** The order of the P-256 group. */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/** The other valid ES256 signature of the same message (base64url r‖s): s replaced by n - s. */
export function ecdsaTwin(signature: string): string {
  const bytes = Buffer.from(signature, "base64url");
  const s = BigInt(`0x${bytes.subarray(32).toString("hex")}`);
  return Buffer.concat([bytes.subarray(0, 32), Buffer.from((P256_ORDER - s).toString(16).padStart(64, "0"), "hex")]).toString("base64url");
}

/** A token with its ES256 signature replaced by the twin. */
export function withTwinSignature(token: string): string {
  const [header, payload, signature = ""] = token.split(".");
  return `${header}.${payload}.${ecdsaTwin(signature)}`;
}
