import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHmac, createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import { refusal } from "../../test/config-refusal.ts";
import { craftToken, refusalsOf, segments } from "@jot/testing";
import { createTestApp, manualClock, registerAndLogin, type TestApp } from "../../test/test-app.ts";
import { type AsymmetricAlgorithm, createAsymmetricKey, createTokenIssuer, createTokenVerifier, type IssuedToken, JotError } from "@jot/elysia/server";
import type { AccessClaims } from "@jot/shared";

const pem = { privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } } as const;
const pairs: Record<AsymmetricAlgorithm, { privateKey: string; publicKey: string }> = {
  RS256: generateKeyPairSync("rsa", { modulusLength: 2048, ...pem }),
  ES256: generateKeyPairSync("ec", { namedCurve: "prime256v1", ...pem }),
  EdDSA: generateKeyPairSync("ed25519", pem),
};
const clock = manualClock();
const subject = { userId: "u-1", username: "alice", roles: ["user"], sessionId: Bun.randomUUIDv7("hex", clock()) };

const failure = refusalsOf(JotError);

describe.each(Object.keys(pairs) as AsymmetricAlgorithm[])("%s", (algorithm) => {
  const { privateKey, publicKey } = pairs[algorithm];
  const key = createAsymmetricKey(algorithm, privateKey, publicKey);
  const settings = { key, leewaySeconds: 0, accessTtlSeconds: 900, refreshTtlSeconds: 86400 };
  const verifyToken = createTokenVerifier(settings, clock, 0);
  let issued: IssuedToken<AccessClaims>;
  beforeAll(async () => {
    issued = await createTokenIssuer(settings, clock).access(subject, { fresh: true });
  });

  test("tokens are signed with the private key, name it by kid, and verify", async () => {
    expect(JSON.parse(Buffer.from(segments(issued.token)[0], "base64url").toString())).toEqual({ alg: algorithm, typ: "JWT", kid: key.kid });
    expect(await verifyToken(issued.token, "access")).toEqual(issued.claims);
  });

  test("another service verifies them with the published JWK alone", async () => {
    const [header, payload, signature] = segments(issued.token);
    const publicJwk = createPublicKey({ key: key.publicJwk as JsonWebKey, format: "jwk" });
    const hash = algorithm === "EdDSA" ? null : "sha256";
    const options = algorithm === "ES256" ? { key: publicJwk, dsaEncoding: "ieee-p1363" as const } : publicJwk;
    expect(verify(hash, Buffer.from(`${header}.${payload}`), options, Buffer.from(signature, "base64url"))).toBe(true);
    expect(key.publicJwk).toMatchObject({ kid: key.kid, alg: algorithm, use: "sig" });
    expect(JSON.stringify(key.publicJwk)).not.toContain('"d"'); // no private part
  });

  test("S-2: an HS256 token made with the public key as an HMAC secret is refused", async () => {
    const [, payload] = segments(issued.token);
    const header = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT", kid: key.kid })).toString("base64url");
    const forged = `${header}.${payload}.${createHmac("sha256", publicKey).update(`${header}.${payload}`).digest("base64url")}`;
    expect(await failure(() => verifyToken(forged, "access"))).toBe("invalid_token: The specified alg value is not allowed");
  });

  test("S-3: a kid other than our key's is refused", async () => {
    const token = craftToken({ alg: algorithm, typ: "JWT", kid: "someone-else" }, issued.claims, "irrelevant");
    expect(await failure(() => verifyToken(token, "access"))).toBe("invalid_token: Unknown kid header parameter");
  });

  test("S-4 and S-10: a tampered payload or another spelling of the signature fails", async () => {
    const [header, payload, signature] = segments(issued.token);
    const tampered = Buffer.from(JSON.stringify({ ...issued.claims, roles: ["admin"] })).toString("base64url");
    expect(await failure(() => verifyToken(`${header}.${tampered}.${signature}`, "access"))).toBe("invalid_token: Signature verification failed");
    for (const spelling of [`${signature}A`, `${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`, signature.slice(0, 20)]) {
      expect(await failure(() => verifyToken(`${header}.${payload}.${spelling}`, "access"))).toStartWith("invalid_token: ");
    }
  });
});

describe("asymmetric key configuration", () => {
  const rsa = pairs.RS256;
  test("missing, malformed, mismatched or unfit keys stop the server with one line naming the variable", async () => {
    expect(refusal({ JWT_ALGORITHM: "RS256" })).toBe("JWT_PRIVATE_KEY: is required with JWT_ALGORITHM=RS256 (PEM)");
    expect(refusal({ JWT_ALGORITHM: "RS256", JWT_PRIVATE_KEY: rsa.privateKey })).toBe("JWT_PUBLIC_KEY: is required with JWT_ALGORITHM=RS256 (PEM)");
    expect(refusal({ JWT_ALGORITHM: "RS256", JWT_PRIVATE_KEY: "not a key", JWT_PUBLIC_KEY: rsa.publicKey })).toBe("JWT_PRIVATE_KEY: is not a PEM private key");
    expect(refusal({ JWT_ALGORITHM: "RS256", JWT_PRIVATE_KEY: rsa.privateKey, JWT_PUBLIC_KEY: pairs.ES256.publicKey })).toStartWith("JWT_PUBLIC_KEY: ");
    const other = generateKeyPairSync("rsa", { modulusLength: 2048, ...pem });
    expect(refusal({ JWT_ALGORITHM: "RS256", JWT_PRIVATE_KEY: rsa.privateKey, JWT_PUBLIC_KEY: other.publicKey })).toBe("JWT_PUBLIC_KEY: does not belong to JWT_PRIVATE_KEY");
    const small = generateKeyPairSync("rsa", { modulusLength: 1024, ...pem });
    expect(refusal({ JWT_ALGORITHM: "RS256", JWT_PRIVATE_KEY: small.privateKey, JWT_PUBLIC_KEY: small.publicKey })).toBe("JWT_PRIVATE_KEY: is 1024 bits; RS256 needs at least 2048");
    const p384 = generateKeyPairSync("ec", { namedCurve: "secp384r1", ...pem });
    expect(refusal({ JWT_ALGORITHM: "ES256", JWT_PRIVATE_KEY: p384.privateKey, JWT_PUBLIC_KEY: p384.publicKey })).toBe("JWT_PRIVATE_KEY: is on curve secp384r1; ES256 needs P-256");
    expect(refusal({ JWT_ALGORITHM: "EdDSA", JWT_PRIVATE_KEY: rsa.privateKey, JWT_PUBLIC_KEY: rsa.publicKey })).toBe("JWT_PRIVATE_KEY: is a rsa key; EdDSA needs ed25519");
  });

  test("PEM text with its newlines written as \\n, as .env files hold it, is read", async () => {
    const flat = { JWT_ALGORITHM: "EdDSA", JWT_PRIVATE_KEY: pairs.EdDSA.privateKey.replaceAll("\n", "\\n"), JWT_PUBLIC_KEY: pairs.EdDSA.publicKey.replaceAll("\n", "\\n") };
    const app = await createTestApp(flat);
    try {
      expect((await app.request("/.well-known/jwks.json")).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe("the app on ES256", () => {
  let t: TestApp;
  beforeAll(async () => void (t = await createTestApp({ JWT_ALGORITHM: "ES256", JWT_PRIVATE_KEY: pairs.ES256.privateKey, JWT_PUBLIC_KEY: pairs.ES256.publicKey })));
  afterAll(() => t.close());

  test("logs in, guards routes, and publishes its public key at /.well-known/jwks.json", async () => {
    const user = await registerAndLogin(t);
    expect((await t.request("/protected", { token: user.access })).status).toBe(200);
    expect((await t.request("/auth/refresh", { method: "POST", token: user.refresh })).status).toBe(200);
    const response = await t.request("/.well-known/jwks.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    const { keys } = (await response.json()) as { keys: Array<Record<string, string>> };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
    expect(JSON.parse(Buffer.from(segments(user.access)[0], "base64url").toString()).kid).toBe(keys[0]!.kid);
  });

  test("with a shared secret nothing is published: 404", async () => {
    const hs = await createTestApp();
    try {
      const response = await hs.request("/.well-known/jwks.json");
      expect(response.status).toBe(404);
      expect((await response.json()) as object).toEqual({ error: "not_found", msg: "No public keys: tokens are signed with a shared secret" });
    } finally {
      await hs.close();
    }
  });
});
