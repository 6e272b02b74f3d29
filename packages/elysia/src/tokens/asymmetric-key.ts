import { createHash, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { ASYMMETRIC_ALGORITHMS, type AsymmetricAlgorithm } from "./algorithms.ts";
import { isCanonicalBase64Url } from "./base64url.ts";
import { elysiaJwtSigner, elysiaJwtVerifier, type SignClaims } from "./elysia-jwt.ts";
import { toLowS } from "./low-s.ts";
import type { SigningKey } from "./signing-key.ts";

/** What a {@link KeyPairError} is about: a half of the pair, or the JWKS URL. */
export type KeyPart = "private" | "public" | "jwksUrl";

/** What is wrong with that part. */
export type KeyPairReason = "not_pem" | "wrong_key_type" | "too_short" | "wrong_curve" | "mismatch" | "not_a_url" | "not_https";

/** The option each part is given in, as `jot()` names it. */
const OPTION_OF: Readonly<Record<KeyPart, string>> = { private: "privateKey", public: "publicKey", jwksUrl: "jwksUrl" };

/**
 * Why a key cannot be used. The message names the option (`privateKey is not a PEM private key`)
 * and no key material; `part`, `reason` and `detail` carry the same facts for a caller that
 * names its settings otherwise, such as a server configured by environment variables.
 */
export class KeyPairError extends Error {
  constructor(
    readonly part: KeyPart,
    readonly reason: KeyPairReason,
    /** The problem, without the option's name: `is not a PEM private key`. */
    readonly detail: string,
  ) {
    super(`${OPTION_OF[part]} ${detail}`);
    this.name = "KeyPairError";
  }
}

/**
 * An asymmetric signing key from PEM text: RS256 (RSA ≥ 2048 bits), ES256 (P-256) or EdDSA
 * (Ed25519). The pair is checked to belong together and to fit the algorithm, so a wrong key
 * fails at start, not on the first login. Its `kid` is the RFC 7638 thumbprint of the public key.
 * Without `privatePem` the key only verifies (an API that accepts another server's tokens).
 * Signing and verifying are `@elysiajs/jwt`'s, one instance for each half of the pair.
 */
export function createAsymmetricKey(algorithm: AsymmetricAlgorithm, privatePem: string | undefined, publicPem: string): SigningKey {
  const privateKey = privatePem === undefined ? undefined : readKey(() => createPrivateKey(privatePem), "private");
  const publicKey = readKey(() => createPublicKey(publicPem), "public");
  if (privateKey) checkFits(algorithm, privateKey, "private");
  checkFits(algorithm, publicKey, "public");
  const jwk = publicKey.export({ format: "jwk" });
  const kid = thumbprint(jwk);
  if (privateKey && thumbprint(createPublicKey(privateKey).export({ format: "jwk" })) !== kid) {
    throw new KeyPairError("public", "mismatch", `does not belong to ${OPTION_OF.private}`);
  }

  return {
    algorithm,
    kid,
    publicJwk: { ...jwk, kid, alg: algorithm, use: "sig" },
    ...(privateKey === undefined ? {} : { signClaims: lowSSigner(algorithm, elysiaJwtSigner(algorithm, privateKey, kid)) }),
    verify: canonicalVerifier(algorithm, publicKey),
  };
}

/**
 * `@elysiajs/jwt`'s verify behind the check it does not make: only the one canonical base64url
 * spelling of a signature (S-10). An ES256 signature is taken with either S, as RFC 7518 and every
 * other signer have it (S-29): its twin names the same `jti`, so it is revoked with it.
 */
function canonicalVerifier(algorithm: AsymmetricAlgorithm, key: KeyObject): SigningKey["verify"] {
  const verifySignature = elysiaJwtVerifier(algorithm, key);
  return (signingInput, signature) => isCanonicalBase64Url(signature) && verifySignature(`${signingInput}.${signature}`);
}

/**
 * ECDSA signers (jose's too) give the high-S form about half the time: jot's own tokens carry the
 * low-S one, so each of them has one spelling (verifying accepts either).
 */
function lowSSigner(algorithm: AsymmetricAlgorithm, sign: SignClaims): SignClaims {
  if (algorithm !== "ES256") return sign;
  return async (claims) => {
    const token = await sign(claims);
    const lastDot = token.lastIndexOf(".");
    const signature = toLowS(Buffer.from(token.slice(lastDot + 1), "base64url"));
    return `${token.slice(0, lastDot + 1)}${Buffer.from(signature).toString("base64url")}`;
  };
}

function readKey(read: () => KeyObject, part: "private" | "public"): KeyObject {
  try {
    return read();
  } catch {
    throw new KeyPairError(part, "not_pem", `is not a PEM ${part} key`);
  }
}

function checkFits(algorithm: AsymmetricAlgorithm, key: KeyObject, part: "private" | "public"): void {
  const spec = ASYMMETRIC_ALGORITHMS[algorithm];
  if (key.asymmetricKeyType !== spec.keyType) {
    throw new KeyPairError(part, "wrong_key_type", `is a ${key.asymmetricKeyType ?? "symmetric"} key; ${algorithm} needs ${spec.keyType}`);
  }
  const details = key.asymmetricKeyDetails ?? {};
  if ("minModulusBits" in spec && (details.modulusLength ?? 0) < spec.minModulusBits) {
    throw new KeyPairError(part, "too_short", `is ${details.modulusLength} bits; ${algorithm} needs at least ${spec.minModulusBits}`);
  }
  if ("namedCurve" in spec && details.namedCurve !== spec.namedCurve) {
    throw new KeyPairError(part, "wrong_curve", `is on curve ${details.namedCurve}; ${algorithm} needs P-256`);
  }
}

/** RFC 7638: SHA-256 over the required members, in lexicographic order, as base64url. */
function thumbprint(jwk: JsonWebKey): string {
  const required: Record<string, string[]> = { RSA: ["e", "kty", "n"], EC: ["crv", "kty", "x", "y"], OKP: ["crv", "kty", "x"] };
  const members = required[jwk.kty ?? ""] ?? [];
  const canonical = JSON.stringify(Object.fromEntries(members.map((name) => [name, (jwk as Record<string, unknown>)[name]])));
  return createHash("sha256").update(canonical).digest("base64url");
}
