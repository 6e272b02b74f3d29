/** The HMAC algorithms: one shared secret signs and verifies. */
export const HMAC_ALGORITHMS = {
  HS256: { hash: "sha256", minKeyBytes: 32 },
  HS384: { hash: "sha384", minKeyBytes: 48 },
  HS512: { hash: "sha512", minKeyBytes: 64 },
} as const;

/**
 * The asymmetric algorithms: a private key signs, the public key (published at
 * `/.well-known/jwks.json`) verifies. `keyType` and `curve` are what the PEM keys must be.
 */
export const ASYMMETRIC_ALGORITHMS = {
  RS256: { hash: "sha256", keyType: "rsa", minModulusBits: 2048 },
  ES256: { hash: "sha256", keyType: "ec", namedCurve: "prime256v1" },
  EdDSA: { hash: null, keyType: "ed25519" },
} as const;

export type HmacAlgorithm = keyof typeof HMAC_ALGORITHMS;
export type AsymmetricAlgorithm = keyof typeof ASYMMETRIC_ALGORITHMS;
/** The algorithms jot signs and verifies with; the server picks exactly one (S-2). */
export type Algorithm = HmacAlgorithm | AsymmetricAlgorithm;

export function isHmacAlgorithm(name: string): name is HmacAlgorithm {
  return Object.hasOwn(HMAC_ALGORITHMS, name);
}

export function isAsymmetricAlgorithm(name: string): name is AsymmetricAlgorithm {
  return Object.hasOwn(ASYMMETRIC_ALGORITHMS, name);
}

/**
 * What is wrong with an HMAC secret of these bytes, or `undefined` when it is long enough: as
 * many random bytes as the algorithm's hash is long (S-20). The caller names the setting.
 */
export function hmacSecretProblem(algorithm: HmacAlgorithm, secret: Uint8Array): string | undefined {
  const minimum = HMAC_ALGORITHMS[algorithm].minKeyBytes;
  return secret.length < minimum ? `is ${secret.length} bytes; ${algorithm} needs at least ${minimum} random bytes` : undefined;
}
