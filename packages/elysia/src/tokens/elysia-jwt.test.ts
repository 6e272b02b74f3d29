import { afterEach, describe, expect, test } from "bun:test";
import { jwt } from "@elysiajs/jwt";
import fc from "fast-check";
import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { claimsOf, craftToken, manualClock, refusalsOf, segments, TEST_SECRET } from "@jot/testing";
import { JotError } from "../errors/jot-error.ts";
import { createAsymmetricKey } from "./asymmetric-key.ts";
import { createTokenIssuer, type TokenSubject } from "./issue-token.ts";
import { createHmacKey } from "./signing-key.ts";
import type { TokenSettings } from "./token-settings.ts";
import { createTokenVerifier } from "./verify-token.ts";

const pem = { privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } } as const;
const subject: TokenSubject = { userId: "u-1", roles: ["user"] };
const lifetimes = { leewaySeconds: 0, accessTtlSeconds: 900, refreshTtlSeconds: 86400 };

const failure = refusalsOf(JotError);

describe("@elysiajs/jwt verifies asymmetric signatures, its traps closed", () => {
  const pair = generateKeyPairSync("ec", { namedCurve: "prime256v1", ...pem });
  const clock = manualClock();
  // Shared by the tests below: each starts where the suite began.
  afterEach(() => clock.reset());
  const settings: TokenSettings = { key: createAsymmetricKey("ES256", pair.privateKey, pair.publicKey), ...lifetimes };
  const issuer = createTokenIssuer(settings, clock);
  const verify = createTokenVerifier(settings, clock, 0);
  const packageVerifier = jwt({ name: "jwt", secret: createPublicKey(pair.publicKey) }).decorator.jwt;

  test("its verify answers false for every failure; jot still tells expired, not yet valid, bad signature and wrong type apart", async () => {
    const access = (await issuer.access(subject, { fresh: true })).token;
    const refresh = (await issuer.refresh(subject)).token;
    expect(await packageVerifier.verify(access, { currentDate: new Date(clock()) })).toMatchObject({ sub: "u-1" });
    clock.advance(900);
    expect(await packageVerifier.verify(access, { currentDate: new Date(clock()) })).toBe(false);
    expect(await failure(() => verify(access, "access"))).toBe("token_expired: Token has expired");
    clock.advance(-1800);
    expect(await failure(() => verify(access, "access"))).toBe("token_not_yet_valid: Token is not yet valid");
    clock.advance(900);
    const [header, payload, signature] = segments(access);
    const flipped = `${signature.slice(0, 10)}${signature[10] === "A" ? "B" : "A"}${signature.slice(11)}`;
    expect(await failure(() => verify(`${header}.${payload}.${flipped}`, "access"))).toBe("invalid_token: Signature verification failed");
    expect(await failure(() => verify(refresh, "access"))).toBe("wrong_token_type: Only non-refresh tokens are allowed");
    expect((await verify(access, "access")).sub).toBe("u-1");
  });

  test("no algorithm is pinned unless passed: its verify takes a PS256 token for an RSA key, jot does not", async () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048, ...pem });
    const key = createAsymmetricKey("RS256", rsa.privateKey, rsa.publicKey);
    const rsaVerify = createTokenVerifier({ key, ...lifetimes }, clock, 0);
    const ps256 = await jwt({ name: "jwt", secret: createPrivateKey(rsa.privateKey), alg: "PS256", kid: key.kid }).decorator.jwt.sign({
      sub: "u-1",
      exp: Math.floor(clock() / 1000) + 60,
    });
    expect(await jwt({ name: "jwt", secret: createPublicKey(rsa.publicKey) }).decorator.jwt.verify(ps256, { currentDate: new Date(clock()) })).toMatchObject({ sub: "u-1" });
    expect(await failure(() => rsaVerify(ps256, "access"))).toBe("invalid_token: The specified alg value is not allowed");
  });

  test("one key signs and verifies in the package, so a pair needs two: the public half verifies and cannot issue", async () => {
    const verifyOnly = createAsymmetricKey("ES256", undefined, pair.publicKey);
    expect(verifyOnly.signClaims).toBeUndefined();
    const token = (await issuer.access(subject, { fresh: false })).token;
    expect((await createTokenVerifier({ key: verifyOnly, ...lifetimes }, clock, 0)(token, "access")).sub).toBe("u-1");
    await expect(createTokenIssuer({ key: verifyOnly, ...lifetimes }, clock).access(subject, { fresh: false })).rejects.toThrow(
      "this key only verifies",
    );
  });
});

describe("@elysiajs/jwt signs every token, and its iat agrees with jot's clock", () => {
  test("the signed iat is the clock's second, equal to nbf, whatever the wall clock says", async () => {
    const clock = manualClock(Date.UTC(2030, 5, 1, 12, 0, 30, 999));
    const issued = await createTokenIssuer({ key: createHmacKey("HS256", new TextEncoder().encode(TEST_SECRET)), ...lifetimes }, clock).access(subject, {
      fresh: false,
    });
    const claims = claimsOf<{ iat: number; nbf: number; exp: number }>(issued.token);
    expect(claims).toMatchObject({ iat: Date.UTC(2030, 5, 1, 12, 0, 30) / 1000, nbf: claims.iat, exp: claims.iat + 900 });
    expect(issued.claims.iat).toBe(claims.iat);
  });

  test("a clock that is not the wall clock is refused when issuing, never signed into a token whose iat disagrees", async () => {
    const stopped = () => Date.UTC(2020, 0, 1);
    const issuer = createTokenIssuer({ key: createHmacKey("HS256", new TextEncoder().encode(TEST_SECRET)), ...lifetimes }, stopped);
    await expect(issuer.access(subject, { fresh: false })).rejects.toThrow("disagrees with the wall clock");
  });
});

describe("jot's own HMAC check never accepts what @elysiajs/jwt's verify rejects", () => {
  const clock = manualClock();
  const secret = new TextEncoder().encode(TEST_SECRET);
  const settings: TokenSettings = { key: createHmacKey("HS256", secret), ...lifetimes };
  const verify = createTokenVerifier(settings, clock, 0);
  const issuer = createTokenIssuer(settings, clock);
  const reference = jwt({ name: "jwt", secret }).decorator.jwt;
  const referenceAccepts = async (token: string) =>
    (await reference.verify(token, { algorithms: ["HS256"], currentDate: new Date(clock()) })) !== false;
  const jotAccepts = async (token: string) => {
    try {
      await verify(token, "access");
      return true;
    } catch (error) {
      if (error instanceof JotError) return false;
      throw error;
    }
  };
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";

  test("valid, random and mutated tokens (fast-check)", async () => {
    const genuine = await Promise.all(Array.from({ length: 8 }, () => issuer.access(subject, { fresh: true })));
    for (const { token } of genuine) expect([await jotAccepts(token), await referenceAccepts(token)]).toEqual([true, true]);
    const mutated = fc
      .tuple(fc.constantFrom(...genuine.map(({ token }) => token)), fc.nat(), fc.constantFrom(...alphabet))
      .map(([token, at, character]) => `${token.slice(0, at % token.length)}${character}${token.slice((at % token.length) + 1)}`);
    const resigned = fc
      .tuple(fc.constantFrom(...genuine.map(({ token }) => claimsOf(token))), fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 })))
      .map(([claims, changes]) => craftToken({ alg: "HS256", typ: "JWT" }, { ...claims, ...changes }, TEST_SECRET));
    const random = fc.stringMatching(/^[A-Za-z0-9_-]{0,40}\.[A-Za-z0-9_-]{0,80}\.[A-Za-z0-9_-]{0,43}$/);
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated, resigned, random), async (token) => !(await jotAccepts(token)) || (await referenceAccepts(token))),
      { numRuns: 2000 },
    );
  });
});
