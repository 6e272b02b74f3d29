import { timingSafeEqual } from "node:crypto";
import { HMAC_ALGORITHMS, type HmacAlgorithm } from "./algorithms.ts";

/** An HMAC key bound to its one algorithm: signs and verifies JWS signing input. */
export interface SigningKey {
  readonly algorithm: HmacAlgorithm;
  /** The base64url signature of `signingInput` (`header.payload`). */
  sign(signingInput: string): string;
  /** Whether `signature` is exactly the canonical signature of `signingInput`, compared in constant time (S-4). */
  verify(signingInput: string, signature: string): boolean;
}

/**
 * An HMAC signing key. Comparing the canonical base64url spelling, rather than decoded bytes,
 * also refuses every other spelling of the same signature (padding, `+`/`/`, stray characters; S-10).
 */
export function createHmacKey(algorithm: HmacAlgorithm, secret: Uint8Array): SigningKey {
  const hash = HMAC_ALGORITHMS[algorithm].hash;
  const sign = (signingInput: string): string => {
    const hasher = new Bun.CryptoHasher(hash, secret);
    hasher.update(signingInput);
    return hasher.digest("base64url" as "base64");
  };
  return {
    algorithm,
    sign,
    verify(signingInput, signature) {
      const expected = sign(signingInput);
      if (expected.length !== signature.length) return false;
      return timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
    },
  };
}
