/** The algorithms jot signs and verifies with; the server picks exactly one (S-2). */
export const HMAC_ALGORITHMS = {
  HS256: { hash: "sha256", minKeyBytes: 32 },
  HS384: { hash: "sha384", minKeyBytes: 48 },
  HS512: { hash: "sha512", minKeyBytes: 64 },
} as const;

export type HmacAlgorithm = keyof typeof HMAC_ALGORITHMS;

export function isHmacAlgorithm(name: string): name is HmacAlgorithm {
  return Object.hasOwn(HMAC_ALGORITHMS, name);
}
