import { generateKeyPairSync } from "node:crypto";
import { HMAC_ALGORITHMS, isHmacAlgorithm, type Algorithm } from "./algorithms.ts";
import { createAsymmetricKey } from "./asymmetric-key.ts";

/** New key material for one algorithm: an HMAC secret, or a PEM pair with its `kid`. */
export type GeneratedKey =
  | { algorithm: Algorithm; kind: "secret"; secret: string }
  | { algorithm: Algorithm; kind: "pair"; privatePem: string; publicPem: string; kid: string };

/**
 * Generates a key from the CSPRNG (S-20). An HMAC secret is hex of the algorithm's minimum number
 * of random bytes (`JWT_SECRET_KEY` is used as written, so this is what `openssl rand -hex N`
 * gives); RS256 is 3072-bit RSA, ES256 P-256, EdDSA Ed25519, as PKCS#8 / SPKI PEM.
 */
export function generateKey(algorithm: Algorithm): GeneratedKey {
  if (isHmacAlgorithm(algorithm)) {
    const bytes = crypto.getRandomValues(new Uint8Array(HMAC_ALGORITHMS[algorithm].minKeyBytes));
    return { algorithm, kind: "secret", secret: Buffer.from(bytes).toString("hex") };
  }
  const encoding = { publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } } as const;
  const pair =
    algorithm === "RS256"
      ? generateKeyPairSync("rsa", { modulusLength: 3072, ...encoding })
      : algorithm === "ES256"
        ? generateKeyPairSync("ec", { namedCurve: "prime256v1", ...encoding })
        : generateKeyPairSync("ed25519", encoding);
  // Checked as the server will check it at start, which also gives the kid it will publish.
  const { kid } = createAsymmetricKey(algorithm, pair.privateKey, pair.publicKey);
  return { algorithm, kind: "pair", privatePem: pair.privateKey, publicPem: pair.publicKey, kid: kid! };
}
