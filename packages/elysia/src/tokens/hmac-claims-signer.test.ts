import { describe, expect, test } from "bun:test";
import { TEST_SECRET } from "@jot/testing";
import { elysiaJwtSigner } from "./elysia-jwt.ts";
import { createHmacKey } from "./signing-key.ts";

const secret = new TextEncoder().encode(TEST_SECRET);
const key = createHmacKey("HS256", secret);
const packageSigner = elysiaJwtSigner("HS256", secret, key.kid);
const now = Math.floor(Date.now() / 1000);

describe("HMAC tokens are signed directly", () => {
  const claimSets: Record<string, unknown>[] = [
    { jti: "j-1", sub: "u-1", sid: "s-1", username: "alice", roles: ["user"], type: "access", fresh: true, nbf: now, exp: now + 900 },
    // Additional claims first, issuer and audience last: the package moves the registered ones to the front.
    { plan: "pro", lang: "fr", jti: "j-2", sub: "u-2", roles: [], iss: "https://issuer.example", aud: "api", type: "refresh", nbf: now, exp: now + 86_400 },
    { nested: { "naïve ☃": [1, 2.5, null, "é"] }, jti: "j-3", sub: "ü", roles: ["a", "b"], type: "access", fresh: false, nbf: now, exp: now + 60, iat: 1 },
  ];

  test("byte for byte the token @elysiajs/jwt signs for the same claims in the same second", async () => {
    for (const claims of claimSets) {
      // A second boundary crossed between the two signatures changes iat: sign both again.
      let pair = [await key.signClaims!(claims), await packageSigner(claims)] as const;
      for (let attempt = 0; attempt < 3 && pair[0] !== pair[1]; attempt++) pair = [await key.signClaims!(claims), await packageSigner(claims)];
      expect(pair[0]).toBe(pair[1]);
      const [signingInput, signature] = [pair[0].slice(0, pair[0].lastIndexOf(".")), pair[0].slice(pair[0].lastIndexOf(".") + 1)];
      expect(key.verify(signingInput, signature)).toBe(true);
    }
  });

  test("a claims set without a finite nbf or exp is refused", async () => {
    const claims = { jti: "j", sub: "u", roles: [], type: "access", nbf: now };
    await expect(key.signClaims!({ ...claims, exp: Number.NaN })).rejects.toThrow(TypeError);
    await expect(key.signClaims!(claims)).rejects.toThrow(TypeError);
  });
});
