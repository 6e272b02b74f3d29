import { jwt } from "@elysiajs/jwt";
import type { createLocalJWKSet } from "jose";
import type { KeyObject } from "node:crypto";
import type { Algorithm } from "./algorithms.ts";

/** Signs a claims set into a compact JWS. */
export type SignClaims = (claims: Record<string, unknown>) => Promise<string>;
/** Whether a whole compact JWS carries a valid signature by the one pinned key and algorithm. */
export type VerifySignature = (token: string) => Promise<boolean>;

/**
 * jot's signer on `@elysiajs/jwt` (jose underneath), with its defaults closed:
 * - the header is exactly `alg`, `kid` (when the key has one) and `typ: "JWT"`;
 * - `nbf` and `exp` are passed explicitly; `iat` is stamped by the package from the wall clock
 *   (`new Date()`, whatever is passed), so the issuer checks it against its own clock.
 * A key pair needs two instances (the package binds one key to sign and verify): this one
 * holds the private key or the shared secret.
 */
export function elysiaJwtSigner(algorithm: Algorithm, key: Uint8Array | KeyObject, kid?: string): SignClaims {
  const signer = jwt({ name: "jwt", secret: key, alg: algorithm, typ: "JWT", ...(kid === undefined ? {} : { kid }) }).decorator.jwt;
  // The package's parameter type is its own claim shape; jot hands it a plain JSON object.
  return (claims) => signer.sign(claims as Parameters<typeof signer.sign>[0]);
}

/**
 * `@elysiajs/jwt`'s `verify`, used for the signature only, with its traps closed:
 * - no algorithm is pinned unless passed: the one configured algorithm always is;
 * - it answers `false` for every failure, so time is taken out of its hands (a tolerance no real
 *   token reaches) and jot judges `exp`, `nbf`, `iat` and the token type itself, each distinctly.
 * Holds the public key (the verifying half of a key pair), or a fetched JWKS (jose's local key
 * set, which picks the key by `kid`).
 */
export function elysiaJwtVerifier(algorithm: Algorithm, publicKey: KeyObject | ReturnType<typeof createLocalJWKSet>): VerifySignature {
  // The package hands its secret to jose's `jwtVerify` as it is, which takes a key-resolving function too.
  const verifier = jwt({ name: "jwt", secret: publicKey as KeyObject }).decorator.jwt;
  const options = { algorithms: [algorithm], clockTolerance: Number.MAX_SAFE_INTEGER };
  return async (token) => (await verifier.verify(token, options)) !== false;
}
