import { describe, expect, test } from "bun:test";
import { generateKeyPairSync, sign, verify } from "node:crypto";
import { ecdsaTwin as twin, manualClock, segments } from "@jot/testing";
import { createAsymmetricKey } from "./asymmetric-key.ts";
import { createTokenIssuer } from "./issue-token.ts";
import { isLowS, toLowS } from "./low-s.ts";
import { createTokenVerifier } from "./verify-token.ts";

const pem = { privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } } as const;
const pair = generateKeyPairSync("ec", { namedCurve: "prime256v1", ...pem });
const key = createAsymmetricKey("ES256", pair.privateKey, pair.publicKey);
const clock = manualClock();
const settings = { key, leewaySeconds: 0, accessTtlSeconds: 900, refreshTtlSeconds: 86400 };
const subject = { userId: "u-1", username: "alice", roles: [], sessionId: Bun.randomUUIDv7("hex", clock()) };

describe("S-29: ES256 signatures with either S", () => {
  test("every token jot signs is low-S, whichever half OpenSSL picked", async () => {
    const issuer = createTokenIssuer(settings, clock);
    for (let round = 0; round < 32; round++) {
      const [, , signature] = segments((await issuer.access(subject, { fresh: true })).token);
      expect(isLowS(Buffer.from(signature, "base64url"))).toBe(true);
    }
  });

  test("the high-S twin of a valid signature is accepted with the same claims, from the cache too", async () => {
    const verifyToken = createTokenVerifier(settings, clock, 100);
    const { token, claims } = await createTokenIssuer(settings, clock).access(subject, { fresh: true });
    const [header, payload, signature] = segments(token);
    const high = `${header}.${payload}.${twin(signature)}`;
    const publicKey = { key: pair.publicKey, dsaEncoding: "ieee-p1363" as const };
    expect(verify("sha256", Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(twin(signature), "base64url"))).toBe(true);
    expect(isLowS(Buffer.from(twin(signature), "base64url"))).toBe(false);
    // Three times: the first two verify in full, the third is answered from the verified-token cache.
    for (let round = 0; round < 3; round++) expect(await verifyToken(high, "access")).toEqual(claims);
    expect(await verifyToken(token, "access")).toEqual(claims);
  });

  test("toLowS answers the twin of a high-S signature and leaves a low-S one as it is", () => {
    const raw = sign("sha256", Buffer.from("x"), { key: pair.privateKey, dsaEncoding: "ieee-p1363" });
    const low = isLowS(raw) ? raw : Buffer.from(twin(raw.toString("base64url")), "base64url");
    const high = Buffer.from(twin(low.toString("base64url")), "base64url");
    expect([isLowS(low), isLowS(high)]).toEqual([true, false]);
    expect(Buffer.from(toLowS(high)).equals(low)).toBe(true);
    expect(Buffer.from(toLowS(low)).equals(low)).toBe(true);
    expect(isLowS(new Uint8Array(64))).toBe(false); // s = 0 is no signature
    expect(isLowS(low.subarray(0, 63))).toBe(false);
  });
});
