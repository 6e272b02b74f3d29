import { HMAC_ALGORITHMS, type Algorithm, type HmacAlgorithm } from "./algorithms.ts";

/** A public key as `/.well-known/jwks.json` publishes it. */
export type PublishedJwk = JsonWebKey & { kid: string; alg: string; use: "sig" };

/** A key bound to its one algorithm: signs and verifies JWS signing input. */
export interface SigningKey {
  readonly algorithm: Algorithm;
  /** Names the key in token headers and the JWKS; absent for a shared secret, which is never published. */
  readonly kid?: string;
  /** The public key as a JWK, for `/.well-known/jwks.json`; absent for a shared secret. */
  readonly publicJwk?: PublishedJwk;
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
      return constantTimeEqual(sign(signingInput), signature);
    },
  };
}

/**
 * Compares two ASCII strings in time that depends only on their length (S-4). Faster on the hot
 * path than copying both into Buffers for `crypto.timingSafeEqual`, and as safe: every character
 * is visited and the differences are OR-ed together, with no early exit.
 */
export function constantTimeEqual(expected: string, given: string): boolean {
  if (expected.length !== given.length) return false;
  let difference = 0;
  for (let index = 0; index < expected.length; index++) difference |= expected.charCodeAt(index) ^ given.charCodeAt(index);
  return difference === 0;
}
