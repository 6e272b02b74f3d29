import { afterEach, describe, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import { craftToken, manualClock, segments, TEST_SECRET } from "@jot/testing";
import { testTokenSettings } from "../../test/token-settings.ts";
import { JotError } from "../errors/jot-error.ts";
import { createTokenIssuer, type TokenSubject } from "./issue-token.ts";
import type { SigningKey } from "./signing-key.ts";
import type { TokenSettings } from "./token-settings.ts";
import type { TokenClaims } from "@jot/shared";
import { createTokenVerifier } from "./verify-token.ts";

const clock = manualClock();
// The clock is shared by every test here: each starts where the file began.
afterEach(() => clock.reset());
const settings: TokenSettings = testTokenSettings(TEST_SECRET);
const verify = createTokenVerifier(settings, clock);
const issuer = createTokenIssuer(settings, clock);
const subject: TokenSubject = { userId: "u-1", username: "alice", roles: ["user"], sessionId: Bun.randomUUIDv7("hex", clock()) };
const now = () => Math.floor(clock() / 1000);
const header = { alg: "HS256", typ: "JWT" };
const claims = () => ({
  jti: crypto.randomUUID(),
  sub: "u-1",
  iat: now(),
  nbf: now(),
  exp: now() + 900,
  sid: subject.sessionId,
  username: "alice",
  roles: ["user"],
  type: "access",
  fresh: true,
});

/** The code and message a verification fails with. */
function failure(token: string, expected: "access" | "refresh" = "access"): { code: string; msg: string } {
  try {
    verify(token, expected);
  } catch (error) {
    if (error instanceof JotError) return { code: error.code, msg: error.message };
    throw error;
  }
  throw new Error("token was accepted");
}

describe("verifying tokens", () => {
  test("a token jot issued verifies and answers its claims", async () => {
    const issued = await issuer.access(subject, { fresh: true, additionalClaims: { tenant: "acme" } });
    expect(verify(issued.token, "access")).toEqual(issued.claims);
    expect(issued.claims).toMatchObject({ sub: "u-1", type: "access", fresh: true, tenant: "acme", exp: now() + 900 });
  });

  test("S-1: anything but three non-empty base64url segments is invalid_token", async () => {
    const [h, p, s] = segments((await issuer.access(subject, { fresh: false })).token);
    expect(failure(`${h}.${p}`)).toEqual({ code: "invalid_token", msg: "Not enough segments" });
    expect(failure(`${h}.${p}.${s}.x`)).toEqual({ code: "invalid_token", msg: "Too many segments" });
    expect(failure(`.${p}.${s}`).code).toBe("invalid_token");
    expect(failure(`${h}..${s}`).code).toBe("invalid_token");
    expect(failure(`${h}.${p}.`).code).toBe("invalid_token");
    expect(failure(`${h}.${p} .${s}`).code).toBe("invalid_token");
    expect(failure("").code).toBe("invalid_token");
    expect(failure("x".repeat(9000))).toEqual({ code: "invalid_token", msg: "Token is too long" });
  });

  test("S-1: a header that is not a UTF-8 JSON object is invalid_token", async () => {
    for (const bad of ["[]", "null", "\"HS256\"", "{not json", "\u00ff"]) {
      const token = craftToken(bad, claims(), TEST_SECRET);
      expect(failure(token)).toEqual({ code: "invalid_token", msg: "Invalid header" });
    }
    const latin1 = `${Buffer.from([0x7b, 0xff, 0x7d]).toString("base64url")}.${segments(craftToken(header, claims(), TEST_SECRET))[1]}.sig`;
    expect(failure(latin1)).toEqual({ code: "invalid_token", msg: "Invalid header" });
  });

  test("S-1: a signed payload must be UTF-8 JSON; non-ASCII text in it decodes exactly", async () => {
    const headerSegment = segments(craftToken(header, claims(), TEST_SECRET))[0];
    const signed = (payload: Buffer) => {
      const input = `${headerSegment}.${payload.toString("base64url")}`;
      return `${input}.${createHmac("sha256", TEST_SECRET).update(input).digest("base64url")}`;
    };
    const text = JSON.stringify({ ...claims(), username: "zoë 名前 🙂" });
    expect(failure(signed(Buffer.from(text, "latin1")))).toEqual({ code: "invalid_token", msg: "Invalid payload" });
    expect((verify(signed(Buffer.from(text, "utf8")), "access") as { username: string }).username).toBe("zoë 名前 🙂");
  });

  test("S-2: alg none, other HMAC algorithms and alg spellings are refused before any crypto", async () => {
    for (const alg of ["none", "None", "NONE", "nOnE", "hs256", "HS384", "HS512", "RS256", ""]) {
      const token = craftToken({ alg, typ: "JWT" }, claims(), TEST_SECRET, alg === "HS384" ? "sha384" : alg === "HS512" ? "sha512" : "sha256");
      expect(failure(token)).toEqual({ code: "invalid_token", msg: "The specified alg value is not allowed" });
    }
    const [h, p] = segments(craftToken({ alg: "none", typ: "JWT" }, claims(), TEST_SECRET));
    expect(failure(`${h}.${p}.`).code).toBe("invalid_token");
  });

  test("S-3 and S-5: key-choosing, crit and b64 headers are refused", async () => {
    const extras = [{ kid: "1" }, { jku: "http://127.0.0.1/k" }, { jwk: { kty: "oct", k: "AA" } }, { x5u: "x" }, { x5c: ["x"] }, { crit: ["exp"] }, { b64: false }];
    for (const extra of extras) {
      const token = craftToken({ ...header, ...extra }, claims(), TEST_SECRET);
      expect(failure(token).code).toBe("invalid_token");
    }
  });

  test("S-4 and S-10: a wrong key, a tampered payload, or another spelling of the signature fails", async () => {
    expect(failure(craftToken(header, claims(), "another-secret-of-thirty-two-byt"))).toEqual({ code: "invalid_token", msg: "Signature verification failed" });
    const [h, p, s] = segments((await issuer.access(subject, { fresh: false })).token);
    const tampered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, "base64url").toString()), roles: ["admin"] })).toString("base64url");
    expect(failure(`${h}.${tampered}.${s}`)).toEqual({ code: "invalid_token", msg: "Signature verification failed" });
    const standard = Buffer.from(s, "base64url").toString("base64");
    for (const spelling of [`${s}=`, standard, `${s}A`, `${s.slice(0, -1)}${s.at(-1) === "A" ? "B" : "A"}`]) {
      if (spelling === s) continue;
      expect(failure(`${h}.${p}.${spelling}`).code).toBe("invalid_token");
    }
  });

  test("a signature that does not verify is a fact of the error, reason bad_signature; a broken token carries no such reason", () => {
    const reasonOf = (token: string) => {
      try {
        verify(token, "access");
      } catch (error) {
        if (error instanceof JotError) return { code: error.code, reason: error.reason };
        throw error;
      }
      throw new Error("token was accepted");
    };
    expect(reasonOf(craftToken(header, claims(), "another-secret-of-thirty-two-byt"))).toEqual({ code: "invalid_token", reason: "bad_signature" });
    expect(reasonOf("not.a.token")).toEqual({ code: "invalid_token", reason: undefined });
  });

  test("S-6: an unsigned token with a broken payload gets the same answer as every other forgery", async () => {
    const [h] = segments(craftToken(header, claims(), TEST_SECRET));
    const garbage = Buffer.from("not json").toString("base64url");
    const expired = craftToken(header, { ...claims(), exp: 1 }, "forged-secret-of-thirty-two-byte");
    expect(failure(`${h}.${garbage}.AAAA`)).toEqual({ code: "invalid_token", msg: "Signature verification failed" });
    expect(failure(expired)).toEqual({ code: "invalid_token", msg: "Signature verification failed" });
  });

  test("S-7: every required claim must be present with its JSON type", async () => {
    for (const name of ["jti", "sub", "iat", "nbf", "exp", "type", "fresh", "roles"]) {
      const { [name as keyof ReturnType<typeof claims>]: _, ...rest } = claims();
      expect(failure(craftToken(header, rest, TEST_SECRET))).toEqual({ code: "invalid_token", msg: `Missing claim: ${name}` });
    }
    // `sid` and `username` are required only where configured (the standalone server's tokens).
    const { sid: _sid, username: _username, ...appToken } = claims();
    expect(verify(craftToken(header, appToken, TEST_SECRET), "access")).toMatchObject({ sub: "u-1" });
    const sessionVerify = createTokenVerifier({ ...settings, requiredClaims: ["sid", "username"] }, clock);
    for (const name of ["sid", "username"] as const) {
      const { [name]: _, ...rest } = claims();
      expect(() => sessionVerify(craftToken(header, rest, TEST_SECRET), "access")).toThrow(`Missing claim: ${name}`);
    }
    const hostile: Array<[string, unknown]> = [
      ["exp", {}], ["exp", "999"], ["exp", null], ["exp", []], ["iat", true], ["nbf", "0"],
      ["jti", ""], ["jti", 5], ["sub", ""], ["sub", null], ["type", "Access"], ["fresh", "true"], ["roles", "admin"], ["roles", [1]],
    ];
    for (const [name, value] of hostile) {
      expect(failure(craftToken(header, { ...claims(), [name]: value }, TEST_SECRET))).toEqual({ code: "invalid_token", msg: `Invalid claim: ${name}` });
    }
    // 1e400 is Infinity once parsed: never a usable expiry.
    const infinite = craftToken(header, JSON.stringify(claims()).replace(/"exp":\d+/, '"exp":1e400'), TEST_SECRET);
    expect(failure(infinite)).toEqual({ code: "invalid_token", msg: "Invalid claim: exp" });
  });

  test("S-8: expired at exp exactly, not yet valid before nbf, refused when issued in the future", async () => {
    const token = (await issuer.access(subject, { fresh: false })).token;
    clock.advance(899);
    expect((await verify(token, "access")).sub).toBe("u-1");
    clock.advance(1);
    expect(failure(token)).toEqual({ code: "token_expired", msg: "Token has expired" });
    clock.advance(-900);
    expect(failure(craftToken(header, { ...claims(), nbf: now() + 5 }, TEST_SECRET))).toEqual({ code: "token_not_yet_valid", msg: "Token is not yet valid" });
    expect(failure(craftToken(header, { ...claims(), iat: now() + 5 }, TEST_SECRET))).toEqual({ code: "token_not_yet_valid", msg: "Token was issued in the future" });
  });

  test("S-8: the configured leeway allows that much clock skew and no more", async () => {
    const lenient = createTokenVerifier({ ...settings, leewaySeconds: 5 }, clock);
    const token = craftToken(header, { ...claims(), exp: now() - 4, nbf: now() + 4 }, TEST_SECRET);
    expect((await lenient(token, "access")).sub).toBe("u-1");
    expect(() => lenient(craftToken(header, { ...claims(), exp: now() - 5 }, TEST_SECRET), "access")).toThrow("Token has expired");
  });

  test("S-9: a refresh token is refused where an access token is expected, and the reverse", async () => {
    const refresh = (await issuer.refresh(subject)).token;
    const access = (await issuer.access(subject, { fresh: true })).token;
    expect(failure(refresh, "access")).toEqual({ code: "wrong_token_type", msg: "Only non-refresh tokens are allowed" });
    expect(failure(access, "refresh")).toEqual({ code: "wrong_token_type", msg: "Only refresh tokens are allowed" });
    expect((await verify(refresh, "refresh")).type).toBe("refresh");
  });

  test("S-7: iss and aud must equal the configuration when it sets them", async () => {
    const strict = { ...settings, issuer: "https://jot.test", audience: "api" };
    const strictVerify = createTokenVerifier(strict, clock);
    const good = await createTokenIssuer(strict, clock).access(subject, { fresh: false });
    expect(good.claims).toMatchObject({ iss: "https://jot.test", aud: "api" });
    expect((await strictVerify(good.token, "access")).iss).toBe("https://jot.test");
    const unscoped = (await issuer.access(subject, { fresh: false })).token;
    expect(() => strictVerify(unscoped, "access")).toThrow("Missing claim: iss");
    const otherAudience = craftToken(header, { ...claims(), iss: "https://jot.test", aud: "other" }, TEST_SECRET);
    expect(() => strictVerify(otherAudience, "access")).toThrow("Invalid claim: aud");
  });

  test("additional claims never overwrite the registered ones", async () => {
    const issued = await issuer.access(subject, { fresh: false, additionalClaims: { sub: "admin", type: "refresh", exp: 9e9 } });
    expect(issued.claims).toMatchObject({ sub: "u-1", type: "access", exp: now() + 900 });
  });
});

describe("the verified-token cache", () => {
  const tamper = (token: string) => {
    const [head, , signature] = token.split(".");
    return `${head}.${Buffer.from(JSON.stringify({ ...claims(), roles: ["admin"] })).toString("base64url")}.${signature}`;
  };
  /** A verifier on the test key that counts the signatures it checks: a cached token is not checked again. */
  function countingVerifier(cacheSize: number, leewaySeconds = 0) {
    const key = settings.key;
    const counted = { checks: 0 };
    const countingKey: SigningKey = { algorithm: key.algorithm, kid: key.kid, verify: (input, signature) => (counted.checks++, key.verify(input, signature)) };
    return { counted, cached: createTokenVerifier({ ...settings, leewaySeconds, key: countingKey }, clock, cacheSize) };
  }
  const accessToken = async (username = "alice") => (await issuer.access({ ...subject, username }, { fresh: true })).token;

  test("a token is kept from its second sight: from then on its signature is not checked again, and each sight gets claims of its own", async () => {
    const { counted, cached } = countingVerifier(8);
    const token = await accessToken();
    const sights = Array.from({ length: 4 }, () => cached(token, "access") as TokenClaims);
    expect(counted.checks).toBe(2);
    expect(sights.map((claims) => claims.username)).toEqual(["alice", "alice", "alice", "alice"]);
    expect(new Set(sights).size).toBe(4);
    (sights[3] as { username: string }).username = "mallory";
    expect((cached(token, "access") as TokenClaims).username).toBe("alice");
  });

  test("a cached token's exp and nbf are still checked, with the leeway and no more", async () => {
    const { counted, cached } = countingVerifier(8, 5);
    const token = craftToken(header, { ...claims(), nbf: now() + 3, exp: now() + 60 }, TEST_SECRET);
    for (let sight = 0; sight < 3; sight++) cached(token, "access");
    const checks = counted.checks;
    clock.advance(-3);
    expect(() => cached(token, "access")).toThrow(expect.objectContaining({ code: "token_not_yet_valid" }));
    clock.advance(3 + 64);
    expect((cached(token, "access") as TokenClaims).username).toBe("alice");
    clock.advance(1);
    expect(() => cached(token, "access")).toThrow(expect.objectContaining({ code: "token_expired" }));
    expect(() => cached(token, "refresh")).toThrow(expect.objectContaining({ code: "token_expired" }));
    clock.advance(-65);
    expect(() => cached(token, "refresh")).toThrow("Only refresh tokens are allowed");
    expect(counted.checks).toBe(checks);
  });

  test("a token that differs from a cached one in any one character never hits: its signature is checked, and it fails", async () => {
    const { counted, cached } = countingVerifier(8);
    const token = await accessToken();
    for (let sight = 0; sight < 3; sight++) cached(token, "access");
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let variants = 0;
    for (let index = 0; index < token.length; index++) {
      if (token[index] === ".") continue;
      const other = alphabet[(alphabet.indexOf(token[index]!) + 1 + (index % 63)) % 64]!;
      const variant = token.slice(0, index) + other + token.slice(index + 1);
      const before = counted.checks;
      let accepted: TokenClaims | undefined;
      try {
        accepted = cached(variant, "access") as TokenClaims;
      } catch (error) {
        expect(error).toBeInstanceOf(JotError);
      }
      // The last character of a signature carries spare bits: the verifier refuses other spellings.
      expect(accepted).toBeUndefined();
      if (counted.checks === before) expect(failure(variant).code).toBe("invalid_token");
      variants++;
    }
    expect(variants).toBe(token.length - 2);
    expect(cached(token, "access")).toBeDefined();
  });

  test("a forged payload under a cached token's signature lands in its set and still fails the signature", async () => {
    const { counted, cached } = countingVerifier(8);
    const token = await accessToken();
    for (let sight = 0; sight < 3; sight++) cached(token, "access");
    const checks = counted.checks;
    for (let sight = 0; sight < 3; sight++) expect(() => cached(tamper(token), "access")).toThrow("Signature verification failed");
    expect(counted.checks).toBe(checks + 3);
  });

  test("more tokens than entries each answer their own claims, whichever were evicted", async () => {
    const { cached } = countingVerifier(4);
    const tokens = await Promise.all(Array.from({ length: 20 }, (_, index) => accessToken(`user${index}`)));
    for (let pass = 0; pass < 3; pass++) {
      for (const [index, token] of tokens.entries()) expect((await cached(token, "access")).username).toBe(`user${index}`);
    }
  });

  test("a key set that changes empties it, and a token whose check began before the change is not kept", async () => {
    const hmac = testTokenSettings(TEST_SECRET).key;
    // A key set whose version and trust the test sets; a check may be held until released.
    let version = 1;
    let trusted = true;
    let held: Array<() => void> | undefined;
    const keySet: SigningKey = {
      algorithm: "HS256",
      keySet: true,
      keySetVersion: () => version,
      verify(signingInput, signature) {
        const valid = trusted && hmac.verify(signingInput, signature) === true;
        return new Promise((resolve) => (held ? held.push(() => resolve(valid)) : resolve(valid)));
      },
    };
    const cached = createTokenVerifier({ ...settings, key: keySet }, clock, 8);
    const token = craftToken({ alg: "HS256", typ: "JWT", kid: "k1" }, claims(), TEST_SECRET);
    // Two checks of one token under way: finished, the second would keep it in the cache.
    held = [];
    const underWay = [cached(token, "access"), cached(token, "access")];
    // The key is dropped from the set while they are under way.
    [version, trusted] = [2, false];
    const release = held;
    held = undefined;
    await expect(cached(craftToken({ alg: "HS256", typ: "JWT", kid: "k1" }, claims(), TEST_SECRET), "access")).rejects.toThrow("Signature verification failed");
    for (const answer of release) answer();
    expect((await Promise.all(underWay)).map((verified) => verified.sub)).toEqual(["u-1", "u-1"]);
    for (let sight = 0; sight < 3; sight++) await expect(cached(token, "access")).rejects.toThrow("Signature verification failed");
  });

  test("JWT_VERIFY_CACHE_SIZE=0 keeps nothing", async () => {
    const { counted, cached } = countingVerifier(0);
    const token = await accessToken();
    for (let sight = 0; sight < 3; sight++) cached(token, "access");
    expect(counted.checks).toBe(3);
  });
});
