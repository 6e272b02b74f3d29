import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { ASYMMETRIC_ALGORITHMS, type AsymmetricAlgorithm } from "./algorithms.ts";
import { isLowS, toLowS } from "./low-s.ts";
import type { SigningKey } from "./signing-key.ts";

/** Why a key pair cannot be used; the message names no key material. */
export class KeyPairError extends Error {}

/**
 * An asymmetric signing key from PEM text: RS256 (RSA ≥ 2048 bits), ES256 (P-256) or EdDSA
 * (Ed25519). The pair is checked to belong together and to fit the algorithm, so a wrong key
 * fails at start, not on the first login. Its `kid` is the RFC 7638 thumbprint of the public key.
 */
export function createAsymmetricKey(algorithm: AsymmetricAlgorithm, privatePem: string, publicPem: string): SigningKey {
  let privateKey: KeyObject;
  let publicKey: KeyObject;
  try {
    privateKey = createPrivateKey(privatePem);
  } catch {
    throw new KeyPairError("JWT_PRIVATE_KEY is not a PEM private key");
  }
  try {
    publicKey = createPublicKey(publicPem);
  } catch {
    throw new KeyPairError("JWT_PUBLIC_KEY is not a PEM public key");
  }
  checkFits(algorithm, privateKey);

  const spec = ASYMMETRIC_ALGORITHMS[algorithm];
  // JWS wants ECDSA signatures as r‖s, not DER.
  const options = (key: KeyObject) => (spec.keyType === "ec" ? { key, dsaEncoding: "ieee-p1363" as const } : key);
  const lowS = algorithm === "ES256";
  const signWith = (input: string) => {
    const signature = sign(spec.hash, Buffer.from(input), options(privateKey));
    return Buffer.from(lowS ? toLowS(signature) : signature).toString("base64url");
  };
  const probe = "jot key pair check";
  if (!verify(spec.hash, Buffer.from(probe), options(publicKey), Buffer.from(signWith(probe), "base64url"))) {
    throw new KeyPairError("JWT_PUBLIC_KEY does not belong to JWT_PRIVATE_KEY");
  }

  const jwk = publicKey.export({ format: "jwk" });
  const kid = thumbprint(jwk);
  return {
    algorithm,
    kid,
    publicJwk: { ...jwk, kid, alg: algorithm, use: "sig" },
    sign: signWith,
    verify(signingInput, signature) {
      const bytes = Buffer.from(signature, "base64url");
      // Only the one canonical spelling of the signature is accepted (S-10).
      if (bytes.toString("base64url") !== signature) return false;
      // ECDSA's high-S twin is a second spelling of the same signature (S-29).
      if (lowS && !isLowS(bytes)) return false;
      try {
        return verify(spec.hash, Buffer.from(signingInput), options(publicKey), bytes);
      } catch {
        return false; // a signature of the wrong length or shape is a forgery, not a crash
      }
    },
  };
}

function checkFits(algorithm: AsymmetricAlgorithm, key: KeyObject): void {
  const spec = ASYMMETRIC_ALGORITHMS[algorithm];
  if (key.asymmetricKeyType !== spec.keyType) {
    throw new KeyPairError(`JWT_PRIVATE_KEY is a ${key.asymmetricKeyType ?? "symmetric"} key; ${algorithm} needs ${spec.keyType}`);
  }
  const details = key.asymmetricKeyDetails ?? {};
  if ("minModulusBits" in spec && (details.modulusLength ?? 0) < spec.minModulusBits) {
    throw new KeyPairError(`JWT_PRIVATE_KEY is ${details.modulusLength} bits; ${algorithm} needs at least ${spec.minModulusBits}`);
  }
  if ("namedCurve" in spec && details.namedCurve !== spec.namedCurve) {
    throw new KeyPairError(`JWT_PRIVATE_KEY is on curve ${details.namedCurve}; ${algorithm} needs P-256`);
  }
}

/** RFC 7638: SHA-256 over the required members, in lexicographic order, as base64url. */
function thumbprint(jwk: JsonWebKey): string {
  const required: Record<string, string[]> = { RSA: ["e", "kty", "n"], EC: ["crv", "kty", "x", "y"], OKP: ["crv", "kty", "x"] };
  const members = required[jwk.kty ?? ""] ?? [];
  const canonical = JSON.stringify(Object.fromEntries(members.map((name) => [name, (jwk as Record<string, unknown>)[name]])));
  return createHash("sha256").update(canonical).digest("base64url");
}
