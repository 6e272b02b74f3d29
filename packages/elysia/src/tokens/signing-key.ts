import { HMAC_ALGORITHMS, type Algorithm, type HmacAlgorithm } from "./algorithms.ts";
import type { SignClaims } from "./elysia-jwt.ts";
import { hmacClaimsSigner } from "./hmac-claims-signer.ts";

/**
 * A public key as `/.well-known/jwks.json` publishes it (RFC 7517), written out so an app's compiler
 * needs neither the DOM's nor Node's JWK type.
 */
export interface PublishedJwk {
  kty?: string;
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
  kid: string;
  alg: string;
  use: "sig";
  [member: string]: unknown;
}

/** A key bound to its one algorithm: signs claims and verifies JWS signatures. */
export interface SigningKey {
  readonly algorithm: Algorithm;
  /** Names the key in token headers and the JWKS (a shared secret's is never published). */
  readonly kid?: string;
  /**
   * The keys are a JWKS fetched from a configured URL: a token's `kid` picks one of them (never a key
   * the token brings itself), so any `kid` is let through to that choice.
   */
  readonly keySet?: true;
  /**
   * A key set's version: it changes whenever the published keys do, and the verified-token cache
   * is emptied then. Waits when the set is fetched again first; rejects with a `StoreFailure` when
   * it cannot be fetched.
   */
  keySetVersion?(): number | Promise<number>;
  /** The public key as a JWK, for `/.well-known/jwks.json`; absent for a shared secret. */
  readonly publicJwk?: PublishedJwk;
  /** Signs a claims set (`@elysiajs/jwt`); absent on a verify-only key. */
  readonly signClaims?: SignClaims;
  /**
   * Whether `signature` is exactly the canonical signature of `signingInput` (`header.payload`).
   * Synchronous for HMAC, which stays on the hot path; asynchronous for the asymmetric algorithms.
   */
  verify(signingInput: string, signature: string): boolean | Promise<boolean>;
}

/** An HMAC key: `sign` gives the raw base64url signature of a signing input (for crafted test tokens too). */
export interface HmacKey extends SigningKey {
  readonly algorithm: HmacAlgorithm;
  readonly kid: string;
  sign(signingInput: string): string;
}

/**
 * An HMAC signing key. Tokens are signed and checked here, byte for byte as `@elysiajs/jwt` signs
 * them: the package's `sign` costs ~20× a direct HMAC (a refresh signs two), its `verify` ~15× on
 * the guard's hot path. Comparing the canonical
 * base64url spelling, rather than decoded bytes, also refuses every other spelling of the same
 * signature (padding, `+`/`/`, stray characters; S-10).
 */
export function createHmacKey(algorithm: HmacAlgorithm, secret: Uint8Array): HmacKey {
  const hash = HMAC_ALGORITHMS[algorithm].hash;
  // Keyed once: each signature copies the keyed state instead of keying a new hasher.
  const keyed = new Bun.CryptoHasher(hash, secret);
  const sign = (signingInput: string): string => {
    const hasher = keyed.copy();
    hasher.update(signingInput);
    return hasher.digest("base64url" as "base64");
  };
  const kid = hmacKeyId(secret);
  return {
    algorithm,
    kid,
    sign,
    signClaims: hmacClaimsSigner(algorithm, sign, kid),
    verify(signingInput, signature) {
      return constantTimeEqual(sign(signingInput), signature);
    },
  };
}

/**
 * Names a shared secret in token headers without telling anything of it: an HMAC of a fixed label
 * under the secret itself, so tokens say which key signed them and a rotated-out key is found by
 * its `kid` (never published: a shared secret has no JWKS entry).
 */
export function hmacKeyId(secret: Uint8Array): string {
  const hasher = new Bun.CryptoHasher("sha256", secret);
  hasher.update("jot key id");
  return hasher.digest("base64url" as "base64").slice(0, 16);
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
