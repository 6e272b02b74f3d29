import { describe, expect, test } from "bun:test";
import { generateKeyPairSync, sign, verify } from "node:crypto";
import { segments } from "../../test/craft-token.ts";
import { ecdsaTwin as twin } from "../../test/ecdsa-twin.ts";
import { manualClock } from "../../test/test-app.ts";
import { JotError } from "../errors.ts";
import { createAsymmetricKey } from "./asymmetric-key.ts";
import { createTokenIssuer } from "./issue-token.ts";
import { isLowS, isLowSSignature, withLowS } from "./low-s.ts";
import { createTokenVerifier } from "./verify-token.ts";

const pem = { privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } } as const;
const pair = generateKeyPairSync("ec", { namedCurve: "prime256v1", ...pem });
const key = createAsymmetricKey("ES256", pair.privateKey, pair.publicKey);
const clock = manualClock();
const settings = { key, leewaySeconds: 0, accessTtlSeconds: 900, refreshTtlSeconds: 86400 };
const subject = { userId: "u-1", username: "alice", roles: [], sessionId: Bun.randomUUIDv7("hex", clock()) };

describe("S-29: ES256 signatures are low-S only", () => {
  test("every token jot signs is low-S, whichever half OpenSSL picked", async () => {
    const issuer = createTokenIssuer(settings, clock);
    for (let round = 0; round < 32; round++) {
      const [, , signature] = segments((await issuer.access(subject, { fresh: true })).token);
      expect(isLowS(Buffer.from(signature, "base64url"))).toBe(true);
    }
  });

  test("the high-S twin of a valid signature verifies mathematically, and jot refuses it", async () => {
    const verifyToken = createTokenVerifier(settings, clock, 0);
    const { token } = await createTokenIssuer(settings, clock).access(subject, { fresh: true });
    const [header, payload, signature] = segments(token);
    const high = twin(signature);
    const publicKey = { key: pair.publicKey, dsaEncoding: "ieee-p1363" as const };
    expect(verify("sha256", Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(high, "base64url"))).toBe(true);
    expect((await verifyToken(token, "access")).sub).toBe("u-1");
    let refusal = "accepted";
    try {
      await verifyToken(`${header}.${payload}.${high}`, "access");
    } catch (error) {
      if (!(error instanceof JotError)) throw error;
      refusal = `${error.code}: ${error.message}`;
    }
    expect(refusal).toBe("invalid_token: Signature verification failed");
  });

  test("the check stands alone on raw r‖s bytes, so it can run before any verification library", async () => {
    const raw = sign("sha256", Buffer.from("x"), { key: pair.privateKey, dsaEncoding: "ieee-p1363" });
    const low = isLowS(raw) ? raw : Buffer.from(twin(raw.toString("base64url")), "base64url");
    expect(isLowS(low)).toBe(true);
    expect(isLowS(Buffer.from(twin(low.toString("base64url")), "base64url"))).toBe(false);
    expect(isLowS(new Uint8Array(64))).toBe(false); // s = 0 is no signature
    expect(isLowS(low.subarray(0, 63))).toBe(false);
    expect(isLowSSignature(low.toString("base64url"))).toBe(true);
    expect(isLowSSignature(twin(low.toString("base64url")))).toBe(false);
    const high = `h.p.${twin(low.toString("base64url"))}`;
    expect(withLowS(high)).toBe(`h.p.${low.toString("base64url")}`);
    expect(withLowS(withLowS(high))).toBe(withLowS(high));
  });
});
