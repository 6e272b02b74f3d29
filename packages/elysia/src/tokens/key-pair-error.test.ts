import { describe, expect, test } from "bun:test";
import { generateKeyPairSync } from "node:crypto";
import { jot } from "../index.ts";
import { createAsymmetricKey, KeyPairError } from "./asymmetric-key.ts";

const pem = (pair: { privateKey: string; publicKey: string }) => pair;
const encoding = { publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } } as const;
const es256 = pem(generateKeyPairSync("ec", { namedCurve: "P-256", ...encoding }));
const other = pem(generateKeyPairSync("ec", { namedCurve: "P-256", ...encoding }));
const ed25519 = pem(generateKeyPairSync("ed25519", encoding));

/** The KeyPairError `run` throws. */
function keyPairErrorOf(run: () => unknown): KeyPairError {
  try {
    run();
  } catch (error) {
    if (error instanceof KeyPairError) return error;
    throw error;
  }
  throw new Error("no KeyPairError was thrown");
}

describe("a key that cannot be used is named as jot() names it, with the facts as fields", () => {
  test.each([
    ["a private key that is not PEM", () => createAsymmetricKey("ES256", "not a key", es256.publicKey), { part: "private", reason: "not_pem", detail: "is not a PEM private key" }],
    ["a public key that is not PEM", () => createAsymmetricKey("ES256", es256.privateKey, "not a key"), { part: "public", reason: "not_pem", detail: "is not a PEM public key" }],
    ["a key of another type", () => createAsymmetricKey("ES256", ed25519.privateKey, ed25519.publicKey), { part: "private", reason: "wrong_key_type", detail: "is a ed25519 key; ES256 needs ec" }],
    ["a public key of another pair", () => createAsymmetricKey("ES256", es256.privateKey, other.publicKey), { part: "public", reason: "mismatch", detail: "does not belong to privateKey" }],
  ])("%s", (_, run, facts) => {
    const error = keyPairErrorOf(run);
    expect({ part: error.part, reason: error.reason, detail: error.detail }).toEqual(facts as never);
    expect(error.message).toBe(`${facts.part}Key ${facts.detail}`);
    expect(error.message).not.toContain("JWT_");
  });

  test("jot() refuses a bad privateKey in the words of its own options", () => {
    expect(() => jot({ secret: { algorithm: "ES256", privateKey: "not a key", publicKey: es256.publicKey } })).toThrow(
      new TypeError("jot(): privateKey is not a PEM private key"),
    );
  });
});
