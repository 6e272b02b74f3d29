import { generateKeyPairSync } from "node:crypto";
import type { AsymmetricAlgorithm } from "@jot/elysia/server";

/** A 32-byte HS256 key for interoperability runs only. */
export const INTEROP_SECRET = "interop-secret-of-exactly-32-byt";

const pem = { privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } } as const;

/** A fresh PEM key pair per asymmetric algorithm, as `JWT_PRIVATE_KEY` / `JWT_PUBLIC_KEY` take it. */
export function interopKeyPairs(): Record<AsymmetricAlgorithm, { privateKey: string; publicKey: string }> {
  return {
    RS256: generateKeyPairSync("rsa", { modulusLength: 2048, ...pem }),
    ES256: generateKeyPairSync("ec", { namedCurve: "prime256v1", ...pem }),
    EdDSA: generateKeyPairSync("ed25519", pem),
  };
}

/** The server environment for one algorithm: the shared secret, or the key pair. */
export function interopEnv(algorithm: string, pairs: ReturnType<typeof interopKeyPairs>): Record<string, string> {
  if (algorithm === "HS256") return { JWT_ALGORITHM: "HS256", JWT_SECRET_KEY: INTEROP_SECRET };
  const pair = pairs[algorithm as AsymmetricAlgorithm];
  return { JWT_ALGORITHM: algorithm, JWT_PRIVATE_KEY: pair.privateKey, JWT_PUBLIC_KEY: pair.publicKey };
}

/**
 * How many tokens each library signs with jot's key in one run: an ECDSA signer picks either S,
 * so among this many ES256 tokens a high-S one is certain but for a chance of 2^-32.
 */
export const INTEROP_TOKEN_COUNT = 32;
