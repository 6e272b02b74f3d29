/**
 * The security specification of jot, rule by rule (docs: /work/shared/SECURITY.md S-1 … S-22).
 *
 * One `describe` per rule; every test is named after the rule it guards and fails when that
 * rule is broken. Tests run the real app in process (`createTestApp`: in-memory SQLite, manual
 * clock) unless a rule is about configuration, where `loadConfig` is asked directly.
 * Nothing here asserts a timing: "the same work" is counted, never timed.
 */
import { refusal } from "../test/config-refusal.ts";
import { ERROR_CODES } from "@jot/shared";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEV_SECRET_FILE, isDevSecret, loadOrCreateDevSecret } from "../src/config/dev-secret.ts";
import { loadConfig } from "../src/config/load-config.ts";
import { constantTimeEqual, createHmacKey, createTokenVerifier, JotError, type SigningKey, type TokenSettings } from "@jot/elysia/server";
import { ARGON2ID_PARAMS, createPasswordHasher } from "../src/users/password-hasher.ts";
import { craftToken, segments } from "@jot/testing";
import { createTestApp, manualClock, outcome, registerAndLogin, TEST_SECRET, type TestApp } from "../test/test-app.ts";
import {
  accessClaims,
  cheapPasswordHasher,
  claimsOf,
  createAppWith,
  expectContractError,
  INVALID_HEADER_CHALLENGE,
  JOT_HEADER,
  nonCanonicalLastCharacter,
  tokenFailure,
  tokenWithRawClaim,
} from "./support.ts";

const OTHER_SECRET = "an-attacker-secret-of-32-bytes!!";
const PASSWORD = "correct horse battery";

let t: TestApp;
/** A user whose tokens no test revokes. */
let alice: Awaited<ReturnType<typeof registerAndLogin>>;

beforeAll(async () => {
  t = await createTestApp();
  alice = await registerAndLogin(t, "spec_alice", PASSWORD);
});
afterAll(() => t.close());

const nowSeconds = () => Math.floor(t.clock() / 1000);
const protectedWith = (token: string) => t.request("/protected", { token });
const withAuthorization = (value: string, path = "/protected") => t.request(path, { headers: { authorization: value } });
const refreshWith = (token: string) => t.request("/auth/refresh", { method: "POST", token });
const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  t.request("/auth/login", { method: "POST", json: { username, password }, headers });
/** A valid access token for alice, crafted with the server's secret. */
const genuine = (overrides: Record<string, unknown> = {}) => craftToken(JOT_HEADER, accessClaims(nowSeconds(), { sub: alice.id, username: "spec_alice", ...overrides }), TEST_SECRET);
/** Signs two already-encoded segments. */
const signSegments = (header: string, payload: string, secret = TEST_SECRET, hash = "sha256") =>
  `${header}.${payload}.${createHmac(hash, secret).update(`${header}.${payload}`).digest("base64url")}`;
const b64 = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** Moves the app's clock for the duration of `body`, then puts it back. */
async function atTime<T>(app: { clock: { (): number; set(ms: number): void } }, ms: number, body: () => Promise<T>): Promise<T> {
  const saved = app.clock();
  app.clock.set(ms);
  try {
    return await body();
  } finally {
    app.clock.set(saved);
  }
}

/** A verifier whose key counts how often it was asked to check a signature. */
function countingVerifier(algorithm: "HS256" | "HS512" = "HS256", secret = TEST_SECRET) {
  const key = createHmacKey(algorithm, new TextEncoder().encode(secret));
  const counts = { verify: 0 };
  const counted: SigningKey = {
    algorithm: key.algorithm,
    verify(input, signature) {
      counts.verify++;
      return key.verify(input, signature);
    },
  };
  const clock = manualClock();
  const settings: TokenSettings = { key: counted, leewaySeconds: 0, accessTtlSeconds: 900, refreshTtlSeconds: 86400 };
  const verify = createTokenVerifier(settings, clock, 0);
  const failure = (token: string): { code: string; msg: string } => {
    try {
      verify(token, "access");
    } catch (error) {
      if (error instanceof JotError) return { code: error.code, msg: error.message };
      throw error;
    }
    throw new Error("the token was accepted");
  };
  return { verify, failure, counts, clock };
}


/** Counts calls of `Bun.password[name]` made while `body` runs. */
async function countingPasswordCalls<T>(name: "verify" | "hash", body: () => Promise<T>): Promise<{ calls: number; result: T }> {
  const original = Bun.password[name] as (...args: unknown[]) => Promise<unknown>;
  let calls = 0;
  (Bun.password as Record<string, unknown>)[name] = (...args: unknown[]) => {
    calls++;
    return original.apply(Bun.password, args);
  };
  try {
    const result = await body();
    return { calls, result };
  } finally {
    (Bun.password as Record<string, unknown>)[name] = original;
  }
}

describe("S-1 Parse strictly", () => {
  test("S-1: a token of other than three segments is invalid_token, never a 5xx", async () => {
    const [h, p, s] = segments(alice.access);
    expect(await outcome(await protectedWith(`${h}.${p}`))).toEqual(tokenFailure("invalid_token", "Not enough segments"));
    expect(await outcome(await protectedWith(h))).toEqual(tokenFailure("invalid_token", "Not enough segments"));
    expect(await outcome(await protectedWith(`${h}.${p}.${s}.${s}`))).toEqual(tokenFailure("invalid_token", "Too many segments"));
    expect(await outcome(await protectedWith(`${h}.${p}.${s}.`))).toEqual(tokenFailure("invalid_token", "Too many segments"));
  });

  test("S-1: an empty, padded, non-base64url or whitespace-bearing segment is invalid_token", async () => {
    const [h, p, s] = segments(alice.access);
    const cases: Array<[string, string]> = [
      [`.${p}.${s}`, "Invalid header encoding"],
      [`${h}..${s}`, "Invalid payload encoding"],
      [`${h}.${p}.`, "Invalid signature encoding"],
      [`${h}=.${p}.${s}`, "Invalid header encoding"],
      [`${h}.${p}=.${s}`, "Invalid payload encoding"],
      [`${h}.${p}.${s}=`, "Invalid signature encoding"],
      [`${h}.${p}+.${s}`, "Invalid payload encoding"],
      [`${h}.${p}.${s.slice(0, -1)}/`, "Invalid signature encoding"],
      [`${h}.${p}\t.${s}`, "Invalid payload encoding"],
      // 4n+1 characters cannot come from any byte string.
      [`${h.slice(0, h.length - (h.length % 4))}A.${p}.${s}`, "Invalid header encoding"],
    ];
    for (const [token, msg] of cases) expect(await outcome(await protectedWith(token))).toEqual(tokenFailure("invalid_token", msg));
  });

  test("S-1: a header that is not a UTF-8 JSON object is invalid_token", async () => {
    const payload = b64(accessClaims(nowSeconds()));
    for (const header of [b64("[]"), b64("null"), b64('"HS256"'), b64("{not json"), Buffer.from([0x7b, 0xff, 0x7d]).toString("base64url")]) {
      expect(await outcome(await protectedWith(signSegments(header, payload)))).toEqual(tokenFailure("invalid_token", "Invalid header"));
    }
  });

  test("S-1: a signed payload that is not a UTF-8 JSON object is invalid_token", async () => {
    const header = b64(JOT_HEADER);
    const payloads = [b64("[]"), b64("null"), b64("42"), b64('"claims"'), b64("{\"exp\":"), Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]).toString("base64url")];
    for (const payload of payloads) {
      expect(await outcome(await protectedWith(signSegments(header, payload)))).toEqual(tokenFailure("invalid_token", "Invalid payload"));
    }
  });

  test("S-1: the length is capped at 8 KiB before anything is decoded or verified", async () => {
    const { failure, counts } = countingVerifier();
    // A well-formed alg:none token padded past the cap: the length is what is refused.
    const long = `${b64({ alg: "none", pad: "x".repeat(8200) })}.${b64(accessClaims(0))}.`;
    expect(failure(long)).toEqual({ code: "invalid_token", msg: "Token is too long" });
    expect(failure("A".repeat(8193))).toEqual({ code: "invalid_token", msg: "Token is too long" });
    expect(failure("A".repeat(8192))).toEqual({ code: "invalid_token", msg: "Not enough segments" });
    expect(counts.verify).toBe(0);
    expect(await outcome(await protectedWith(long))).toEqual(tokenFailure("invalid_token", "Token is too long"));
  });
});

describe("S-2 The server chooses the algorithm", () => {
  const claims = () => accessClaims(nowSeconds(), { sub: alice.id });

  test("S-2: alg none in every spelling is refused, with or without a signature", async () => {
    for (const alg of ["none", "None", "NONE", "nOnE"]) {
      const [h, p, s] = segments(craftToken({ alg, typ: "JWT" }, claims(), TEST_SECRET));
      expect(await outcome(await protectedWith(`${h}.${p}.${s}`))).toEqual(tokenFailure("invalid_token", "The specified alg value is not allowed"));
      expect(await outcome(await protectedWith(`${h}.${p}.`))).toEqual(tokenFailure("invalid_token", "Invalid signature encoding"));
    }
  });

  test("S-2: HS384 and HS512 tokens made with our own secret are refused", async () => {
    for (const [alg, hash] of [["HS384", "sha384"], ["HS512", "sha512"]] as const) {
      const token = craftToken({ alg, typ: "JWT" }, claims(), TEST_SECRET, hash);
      expect(await outcome(await protectedWith(token))).toEqual(tokenFailure("invalid_token", "The specified alg value is not allowed"));
    }
  });

  test("S-2: the alg header must equal the configured algorithm exactly, case included", async () => {
    for (const alg of ["hs256", "Hs256", "HS256 ", " HS256", "RS256", "ES256", "EdDSA", "", null, 256, ["HS256"], { HS256: true }]) {
      const token = craftToken({ alg, typ: "JWT" }, claims(), TEST_SECRET);
      expect(await outcome(await protectedWith(token))).toEqual(tokenFailure("invalid_token", "The specified alg value is not allowed"));
    }
    const { alg: _, ...noAlg } = JOT_HEADER;
    expect(await outcome(await protectedWith(craftToken(noAlg, claims(), TEST_SECRET)))).toEqual(tokenFailure("invalid_token", "The specified alg value is not allowed"));
  });

  test("S-2: a token of another algorithm is refused before any signature is computed", () => {
    const { failure, counts, clock } = countingVerifier();
    const now = Math.floor(clock() / 1000);
    for (const [alg, hash] of [["none", "sha256"], ["HS384", "sha384"], ["HS512", "sha512"], ["RS256", "sha256"]] as const) {
      expect(failure(craftToken({ alg, typ: "JWT" }, accessClaims(now), TEST_SECRET, hash)).msg).toBe("The specified alg value is not allowed");
    }
    expect(counts.verify).toBe(0);
  });

  test("S-2: a server configured for HS512 refuses HS256 tokens made with its secret", () => {
    const secret = "s".repeat(64);
    const { failure, clock } = countingVerifier("HS512", secret);
    const token = craftToken(JOT_HEADER, accessClaims(Math.floor(clock() / 1000)), secret, "sha256");
    expect(failure(token)).toEqual({ code: "invalid_token", msg: "The specified alg value is not allowed" });
  });
});

describe("S-3 Keys come only from configuration", () => {
  test("S-3: a token carrying its own key (jwk) is refused even when signed with that key", async () => {
    const attackerKey = "attacker-chosen-hmac-key-32bytes";
    const jwk = { kty: "oct", k: Buffer.from(attackerKey).toString("base64url") };
    const token = craftToken({ ...JOT_HEADER, jwk }, accessClaims(nowSeconds(), { sub: alice.id }), attackerKey);
    expect(await outcome(await protectedWith(token))).toEqual(tokenFailure("invalid_token", "Unsupported jwk header parameter"));
  });

  test("S-3: jku, x5u, x5c and x5t headers are refused, even on a token signed with our key", async () => {
    const extras: Array<[string, unknown]> = [
      ["jku", "http://127.0.0.1:1/keys.json"],
      ["x5u", "http://127.0.0.1:1/cert.pem"],
      ["x5c", ["MIIBszCCAVmgAwIBAgIU"]],
      ["x5t", "dGh1bWJwcmludA"],
    ];
    for (const [name, value] of extras) {
      const token = craftToken({ ...JOT_HEADER, [name]: value }, accessClaims(nowSeconds(), { sub: alice.id }), TEST_SECRET);
      expect(await outcome(await protectedWith(token))).toEqual(tokenFailure("invalid_token", `Unsupported ${name} header parameter`));
    }
  });

  test("S-3: kid is never a file path, a query or a URL", async () => {
    // The classic: kid pointing at an empty file, token signed with the empty key.
    const kids: Array<[string, string]> = [
      ["../../../../../../dev/null", ""],
      ["' UNION SELECT 'key' --", "key"],
      ["http://127.0.0.1:1/key", TEST_SECRET],
      ["default", TEST_SECRET],
    ];
    for (const [kid, secret] of kids) {
      const token = craftToken({ ...JOT_HEADER, kid }, accessClaims(nowSeconds(), { sub: alice.id }), secret);
      expect(await outcome(await protectedWith(token))).toEqual(tokenFailure("invalid_token", "Unknown kid header parameter"));
    }
  });
});

describe("S-4 Compare MACs in constant time", () => {
  test("S-4: the MAC comparison visits every character whether the difference is first or last", () => {
    const key = createHmacKey("HS256", new TextEncoder().encode(TEST_SECRET));
    const input = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0";
    const good = key.sign(input);
    const firstWrong = `${good[0] === "A" ? "B" : "A"}${good.slice(1)}`;
    const lastWrong = `${good.slice(0, -1)}${good.at(-1) === "A" ? "B" : "A"}`;
    const original = String.prototype.charCodeAt;
    const reads = (expected: string, given: string) => {
      let calls = 0;
      String.prototype.charCodeAt = function (this: string, index: number) {
        calls++;
        return original.call(this, index);
      };
      try {
        expect(constantTimeEqual(expected, given)).toBe(expected === given);
      } finally {
        String.prototype.charCodeAt = original;
      }
      return calls;
    };
    // Counted, not timed. If the comparison moves to crypto.timingSafeEqual, count its calls instead.
    const full = 2 * good.length;
    expect([reads(good, firstWrong), reads(good, lastWrong), reads(good, good)]).toEqual([full, full, full]);
    expect(key.verify(input, good)).toBe(true);
    expect(key.verify(input, firstWrong)).toBe(false);
    expect(key.verify(input, lastWrong)).toBe(false);
    expect(key.verify(input, good.slice(0, -1))).toBe(false);
    expect(key.verify(input, `${good}A`)).toBe(false);
  });
});

describe("S-5 Reject crit and b64", () => {
  test("S-5: a crit header is refused whatever it names, even on a token signed with our key", async () => {
    for (const crit of [["exp"], [], ["b64"], ["http://example.com/ext"]]) {
      const token = craftToken({ ...JOT_HEADER, crit }, accessClaims(nowSeconds(), { sub: alice.id }), TEST_SECRET);
      expect(await outcome(await protectedWith(token))).toEqual(tokenFailure("invalid_token", "Unsupported critical header parameter"));
    }
  });

  test("S-5: b64 (RFC 7797 unencoded payload) is refused, false or not", async () => {
    for (const b64Value of [false, true]) {
      const token = craftToken({ ...JOT_HEADER, b64: b64Value }, accessClaims(nowSeconds(), { sub: alice.id }), TEST_SECRET);
      expect(await outcome(await protectedWith(token))).toEqual(tokenFailure("invalid_token", "Unsupported b64 header parameter"));
    }
  });
});

describe("S-6 Signature before claims", () => {
  test("S-6: a forged token gets the same answer whatever its claims say", async () => {
    const now = nowSeconds();
    const forgedPayloads: unknown[] = [
      accessClaims(now, { sub: alice.id }),
      accessClaims(now, { exp: now - 3600 }),
      accessClaims(now, { nbf: now + 3600 }),
      accessClaims(now, { iat: now + 3600 }),
      accessClaims(now, { type: "refresh" }),
      accessClaims(now, { exp: "never" }),
      { sub: alice.id },
      "not json at all",
      "[1,2,3]",
    ];
    const outcomes = [];
    for (const payload of forgedPayloads) outcomes.push(await outcome(await protectedWith(craftToken(JOT_HEADER, payload, OTHER_SECRET))));
    expect(outcomes).toEqual(forgedPayloads.map(() => tokenFailure("invalid_token", "Signature verification failed")));
  });

  test("S-6: the revocation list is never consulted for a token whose signature failed", async () => {
    const revocations = t.stores.revocations;
    const original = revocations.isRevoked.bind(revocations);
    let lookups = 0;
    revocations.isRevoked = (token) => {
      lookups++;
      return original(token);
    };
    try {
      const forged = craftToken(JOT_HEADER, accessClaims(nowSeconds(), { sub: alice.id }), OTHER_SECRET);
      expect((await protectedWith(forged)).status).toBe(401);
      expect(lookups).toBe(0);
      expect((await protectedWith(alice.access)).status).toBe(200);
      expect(lookups).toBe(1);
    } finally {
      delete (revocations as { isRevoked?: unknown }).isRevoked;
    }
  });
});

describe("S-7 Required claims, with types", () => {
  test("S-7: a signed token missing any required claim is invalid_token naming it", async () => {
    for (const name of ["jti", "sub", "iat", "nbf", "exp", "sid", "username", "roles", "type", "fresh"]) {
      const { [name]: _, ...rest } = accessClaims(nowSeconds(), { sub: alice.id });
      expect(await outcome(await protectedWith(craftToken(JOT_HEADER, rest, TEST_SECRET)))).toEqual(tokenFailure("invalid_token", `Missing claim: ${name}`));
    }
  });

  test("S-7: a signed token with a claim of the wrong JSON type is invalid_token naming it", async () => {
    const hostile: Array<[string, string]> = [
      ["exp", "{}"], ["exp", '"999999999999"'], ["exp", "null"], ["exp", "[]"], ["exp", "1e400"], ["exp", "-1e400"], ["exp", "true"],
      ["iat", "{}"], ["iat", "1e400"], ["iat", '"0"'], ["nbf", "null"], ["nbf", "[0]"], ["nbf", '"0"'],
      ["jti", '""'], ["jti", "5"], ["jti", "null"], ["jti", "{}"], ["sub", '""'], ["sub", "null"], ["sub", "[]"], ["sub", "1"],
      ["sid", '""'], ["type", '"Access"'], ["type", '"id"'], ["type", "null"], ["type", "{}"],
      ["fresh", '"true"'], ["fresh", "1"], ["fresh", "null"], ["roles", '"admin"'], ["roles", "[1]"], ["username", "null"],
    ];
    for (const [name, raw] of hostile) {
      const token = tokenWithRawClaim(accessClaims(nowSeconds(), { sub: alice.id }), name, raw, TEST_SECRET);
      expect(await outcome(await protectedWith(token))).toEqual(tokenFailure("invalid_token", `Invalid claim: ${name}`));
    }
  });

  test("S-7: iss and aud must equal the configuration when it sets them", async () => {
    const scoped = await createTestApp({ JWT_ISSUER: "https://jot.test", JWT_AUDIENCE: "api" });
    try {
      const now = Math.floor(scoped.clock() / 1000);
      const get = (claims: Record<string, unknown>) => scoped.request("/protected", { token: craftToken(JOT_HEADER, accessClaims(now, claims), TEST_SECRET) });
      expect((await get({ iss: "https://jot.test", aud: "api" })).status).toBe(200);
      expect(await outcome(await get({ aud: "api" }))).toEqual(tokenFailure("invalid_token", "Missing claim: iss"));
      expect(await outcome(await get({ iss: "https://jot.test" }))).toEqual(tokenFailure("invalid_token", "Missing claim: aud"));
      expect(await outcome(await get({ iss: "https://evil.test", aud: "api" }))).toEqual(tokenFailure("invalid_token", "Invalid claim: iss"));
      expect(await outcome(await get({ iss: "https://jot.test", aud: "other" }))).toEqual(tokenFailure("invalid_token", "Invalid claim: aud"));
      expect(await outcome(await get({ iss: "https://jot.test", aud: ["api"] }))).toEqual(tokenFailure("invalid_token", "Invalid claim: aud"));
    } finally {
      await scoped.close();
    }
  });
});

describe("S-8 Time", () => {
  test("S-8: a token is valid strictly before exp and expired at exp exactly", async () => {
    const start = t.clock();
    const token = genuine({ exp: nowSeconds() + 60 });
    expect((await atTime(t, start + 59_999, () => protectedWith(token))).status).toBe(200);
    expect(await outcome(await atTime(t, start + 60_000, () => protectedWith(token)))).toEqual(tokenFailure("token_expired", "Token has expired"));
  });

  test("S-8: a token is not yet valid before nbf, and valid from nbf on", async () => {
    const token = genuine({ nbf: nowSeconds() + 30 });
    expect(await outcome(await protectedWith(token))).toEqual(tokenFailure("token_not_yet_valid", "Token is not yet valid"));
    expect((await atTime(t, t.clock() + 30_000, () => protectedWith(token))).status).toBe(200);
  });

  test("S-8: a token issued in the future is refused", async () => {
    expect(await outcome(await protectedWith(genuine({ iat: nowSeconds() + 1 })))).toEqual(tokenFailure("token_not_yet_valid", "Token was issued in the future"));
  });

  test("S-8: the leeway is 0 by default, allows only what is configured, and is capped at a few minutes", async () => {
    expect(loadConfig({}).jwt.leewaySeconds).toBe(0);
    expect(refusal({ JWT_DECODE_LEEWAY: "301" })).toStartWith("JWT_DECODE_LEEWAY: ");
    const lenient = await createTestApp({ JWT_DECODE_LEEWAY: "5" });
    try {
      const now = Math.floor(lenient.clock() / 1000);
      const get = (claims: Record<string, unknown>) => lenient.request("/protected", { token: craftToken(JOT_HEADER, accessClaims(now, claims), TEST_SECRET) });
      expect((await get({ exp: now - 4, nbf: now + 4, iat: now + 4 })).status).toBe(200);
      expect(await outcome(await get({ exp: now - 5 }))).toEqual(tokenFailure("token_expired", "Token has expired"));
      expect(await outcome(await get({ nbf: now + 6 }))).toEqual(tokenFailure("token_not_yet_valid", "Token is not yet valid"));
    } finally {
      await lenient.close();
    }
  });
});

describe("S-9 Type separation", () => {
  test("S-9: a refresh token is refused on every access-token route", async () => {
    const routes: Array<[string, string]> = [
      ["GET", "/protected"], ["GET", "/auth/me"], ["GET", "/auth/sessions"], ["DELETE", "/auth/logout"],
      ["PUT", "/auth/password"], ["DELETE", "/auth/sessions"], ["DELETE", `/auth/sessions/${String(claimsOf(alice.refresh).sid)}`],
    ];
    for (const [method, path] of routes) {
      const response = await t.request(path, { method, token: alice.refresh });
      expect(await outcome(response)).toEqual(tokenFailure("wrong_token_type", "Only non-refresh tokens are allowed"));
    }
    expect((await protectedWith(alice.access)).status).toBe(200);
    expect((await refreshWith(alice.access)).status).toBe(401);
  });

  test("S-9: an access token is refused on the refresh route", async () => {
    expect(await outcome(await refreshWith(alice.access))).toEqual(tokenFailure("wrong_token_type", "Only refresh tokens are allowed"));
  });

  test("S-9: flipping the type claim by hand breaks the signature", async () => {
    const [h, p, s] = segments(alice.refresh);
    const flipped = b64({ ...claimsOf(alice.refresh), type: "access", fresh: true });
    expect(await outcome(await protectedWith(`${h}.${flipped}.${s}`))).toEqual(tokenFailure("invalid_token", "Signature verification failed"));
    expect(p).not.toBe(flipped);
  });
});

describe("S-10 Revocation by jti", () => {
  test("S-10: a revoked token stays revoked in every other signed spelling of the same claims", async () => {
    const user = await registerAndLogin(t);
    expect((await t.request("/auth/logout", { method: "DELETE", token: user.access })).status).toBe(200);
    const claims = claimsOf(user.access);
    const reordered = craftToken({ typ: "JWT", alg: "HS256" }, claims, TEST_SECRET);
    const spaced = craftToken(JOT_HEADER, JSON.stringify(claims, null, 1), TEST_SECRET);
    expect(new Set([user.access, reordered, spaced]).size).toBe(3);
    for (const token of [user.access, reordered, spaced]) {
      expect(await outcome(await protectedWith(token))).toEqual(tokenFailure("token_revoked", "Token has been revoked"));
    }
  });

  test("S-10: other spellings of a signature (padding, + and /, a stray or non-canonical character) are refused", async () => {
    // A signature with - or _ in it, so the standard-alphabet spelling differs.
    let token = genuine();
    for (let attempt = 0; attempt < 64 && !/[-_]/.test(segments(token)[2]); attempt++) token = genuine();
    const [h, p, s] = segments(token);
    expect(s).toMatch(/[-_]/);
    expect((await protectedWith(token)).status).toBe(200);
    const spellings: Array<[string, string]> = [
      [`${s}=`, "Invalid signature encoding"],
      [Buffer.from(s, "base64url").toString("base64"), "Invalid signature encoding"],
      [s.replaceAll("-", "+").replaceAll("_", "/"), "Invalid signature encoding"],
      [`${s}A`, "Signature verification failed"],
      [`${s}AA`, "Invalid signature encoding"],
      [`${s}AAA`, "Signature verification failed"],
      [nonCanonicalLastCharacter(s), "Signature verification failed"],
    ];
    for (const [spelling, msg] of spellings) {
      expect(Buffer.from(spelling, "base64url").subarray(0, 32).equals(Buffer.from(s, "base64url"))).toBe(true);
      expect(await outcome(await protectedWith(`${h}.${p}.${spelling}`))).toEqual(tokenFailure("invalid_token", msg));
    }
  });

  test("S-10: revocation is checked after signature, claims and type", async () => {
    const user = await registerAndLogin(t);
    await t.request("/auth/logout", { method: "DELETE", token: user.access });
    const claims = claimsOf(user.access);
    expect(await outcome(await protectedWith(craftToken(JOT_HEADER, claims, OTHER_SECRET)))).toEqual(tokenFailure("invalid_token", "Signature verification failed"));
    expect(await outcome(await refreshWith(user.access))).toEqual(tokenFailure("wrong_token_type", "Only refresh tokens are allowed"));
    const afterExpiry = (Number(claims.exp) + 1) * 1000;
    expect(await outcome(await atTime(t, afterExpiry, () => protectedWith(user.access)))).toEqual(tokenFailure("token_expired", "Token has expired"));
  });

  test("S-10: a revocation entry is keyed by jti and session id and lives at least until the token's exp", async () => {
    const user = await registerAndLogin(t);
    const revocations = t.stores.revocations;
    const writes: Array<[string, string, number]> = [];
    const originalToken = revocations.revokeToken.bind(revocations);
    const originalSession = revocations.revokeSession.bind(revocations);
    revocations.revokeToken = (jti, until) => (writes.push(["jti", jti, until]), originalToken(jti, until));
    revocations.revokeSession = (sid, until) => (writes.push(["sid", sid, until]), originalSession(sid, until));
    try {
      await t.request("/auth/logout", { method: "DELETE", token: user.access, json: { refresh_token: user.refresh } });
    } finally {
      delete (revocations as { revokeToken?: unknown }).revokeToken;
      delete (revocations as { revokeSession?: unknown }).revokeSession;
    }
    const access = claimsOf(user.access);
    const refresh = claimsOf(user.refresh);
    // Keys are the claims, never the token string or a hash of it.
    for (const [, key] of writes) expect([access.jti, access.sid]).toContain(key);
    const jtiEntry = writes.find(([kind]) => kind === "jti");
    const sidEntry = writes.find(([kind]) => kind === "sid");
    expect(jtiEntry?.[1]).toBe(String(access.jti));
    expect(jtiEntry![2]).toBeGreaterThanOrEqual(Number(access.exp));
    expect(sidEntry?.[1]).toBe(String(refresh.sid));
    expect(sidEntry![2]).toBeGreaterThanOrEqual(Number(refresh.exp));
    // Pruning just before the token's exp keeps it revoked.
    await revocations.prune(Number(access.exp) - 1);
    expect(await revocations.isRevoked({ jti: String(access.jti), sid: "not-a-session", sub: "nobody" })).toBe(true);
  });
});

describe("S-11 Short access tokens, absolute refresh lifetime", () => {
  test("S-11: access tokens last 15 minutes by default", async () => {
    expect(loadConfig({}).jwt.accessTtlSeconds).toBe(900);
    const claims = claimsOf(alice.access);
    expect(Number(claims.exp) - Number(claims.iat)).toBe(900);
  });

  test("S-11: a session has an absolute lifetime that refreshing never extends", async () => {
    const short = await createTestApp({ JWT_REFRESH_TOKEN_EXPIRES: "1h" });
    try {
      const user = await registerAndLogin(short);
      const loginExp = Number(claimsOf(user.refresh).exp);
      let refresh = user.refresh;
      for (let step = 0; step < 5; step++) {
        short.clock.advance(11 * 60);
        const response = await short.request("/auth/refresh", { method: "POST", token: refresh });
        expect(response.status).toBe(200);
        refresh = ((await response.json()) as { refresh_token: string }).refresh_token;
        expect(Number(claimsOf(refresh).exp)).toBe(loginExp);
      }
      short.clock.advance(5 * 60);
      expect(await outcome(await short.request("/auth/refresh", { method: "POST", token: refresh }))).toEqual(tokenFailure("token_expired", "Token has expired"));
    } finally {
      await short.close();
    }
  });
});

describe("S-12 Rotate refresh tokens and detect reuse", () => {
  test("S-12: every refresh answers a new refresh token, and the old one used again later revokes the whole family", async () => {
    const user = await registerAndLogin(t);
    const first = (await (await refreshWith(user.refresh)).json()) as { access_token: string; refresh_token: string };
    expect(first.refresh_token).not.toBe(user.refresh);
    const second = (await (await refreshWith(first.refresh_token)).json()) as { access_token: string; refresh_token: string };
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const other = (await (await login(user.username, user.password)).json()) as { access_token: string };
    const revoked = tokenFailure("token_revoked", "Token has been revoked");
    await atTime(t, t.clock() + 60_000, async () => {
      expect(await outcome(await refreshWith(user.refresh))).toEqual(revoked);
      for (const token of [user.access, first.access_token, second.access_token]) expect(await outcome(await protectedWith(token))).toEqual(revoked);
      expect(await outcome(await refreshWith(second.refresh_token))).toEqual(revoked);
      expect((await protectedWith(other.access_token)).status).toBe(200);
    });
  });

  test("S-12: parallel refreshes with one token rotate it exactly once, and the grace window honours one straggler", async () => {
    const user = await registerAndLogin(t);
    const answers = await Promise.all(Array.from({ length: 2 }, () => refreshWith(user.refresh)));
    const bodies = (await Promise.all(answers.map((answer) => answer.json()))) as Array<{ refresh_token?: string }>;
    // Two tabs racing: one rotates, the other gets the same new refresh token (its jti) once.
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(new Set(bodies.map((body) => claimsOf(String(body.refresh_token)).jti)).size).toBe(1);
    // A third presentation is reuse, even inside the window: the family ends.
    expect((await refreshWith(user.refresh)).status).toBe(401);
    expect((await refreshWith(String(bodies[0]!.refresh_token))).status).toBe(401);
  });
});

describe("S-13 Logout really ends the session", () => {
  test("S-13: logout revokes the presented access token and its session's refresh token", async () => {
    const user = await registerAndLogin(t);
    expect(await outcome(await t.request("/auth/logout", { method: "DELETE", token: user.access }))).toEqual({
      status: 200,
      body: { msg: "Access token revoked" },
      challenge: null,
    });
    expect(await outcome(await protectedWith(user.access))).toEqual(tokenFailure("token_revoked", "Token has been revoked"));
    expect(await outcome(await refreshWith(user.refresh))).toEqual(tokenFailure("token_revoked", "Token has been revoked"));
  });

  test("S-13: a password change ends every other session of the user", async () => {
    const user = await registerAndLogin(t);
    const other = (await (await login(user.username, user.password)).json()) as { access_token: string; refresh_token: string };
    t.clock.advance(1);
    const current = (await (await login(user.username, user.password)).json()) as { access_token: string; refresh_token: string };
    const change = await t.request("/auth/password", { method: "PUT", token: current.access_token, json: { current_password: user.password, new_password: "another long password" } });
    expect(change.status).toBe(200);
    for (const token of [user.access, other.access_token]) expect((await outcome(await protectedWith(token))).body).toEqual({ error: "token_revoked", msg: "Token has been revoked" });
    for (const token of [user.refresh, other.refresh_token]) expect((await outcome(await refreshWith(token))).body).toEqual({ error: "token_revoked", msg: "Token has been revoked" });
    expect((await protectedWith(current.access_token)).status).toBe(200);
  });

  test("S-13: logging out everywhere revokes every token of the user", async () => {
    const user = await registerAndLogin(t);
    const other = (await (await login(user.username, user.password)).json()) as { access_token: string; refresh_token: string };
    expect((await t.request("/auth/sessions", { method: "DELETE", token: user.access })).status).toBe(200);
    for (const token of [user.access, other.access_token]) expect((await protectedWith(token)).status).toBe(401);
    for (const token of [user.refresh, other.refresh_token]) expect((await refreshWith(token)).status).toBe(401);
  });

  // Revocations on SQLite are answered from the process's memory, so sharing the file between
  // instances would let one miss the other's logout: a second instance is refused at start instead.
  test("S-13: a second instance on the same SQLite database is refused, so none answers from a stale copy", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jot-spec-s13-"));
    const env = { DATABASE_URL: `sqlite://${dir}/jot.sqlite` };
    const first = await createTestApp(env);
    try {
      const user = await registerAndLogin(first);
      expect(createTestApp(env)).rejects.toThrow(
        "DATABASE_URL: cannot open the database (the SQLite file is in use by another jot process (several instances need Postgres))",
      );
      // The fact itself, for the admin command to go through a running server's admin API instead.
      await expect(createTestApp(env)).rejects.toMatchObject({ name: "StoreOpenError", variable: "DATABASE_URL", reason: "sqlite_in_use" });
      expect((await first.request("/auth/logout", { method: "DELETE", token: user.access })).status).toBe(200);
      expect(await outcome(await first.request("/protected", { token: user.access }))).toEqual(tokenFailure("token_revoked", "Token has been revoked"));
    } finally {
      await first.close();
      rmSync(dir, { recursive: true, force: true });
    }
    const reopened = await createTestApp(env);
    await reopened.close();
  });
});

describe("S-14 Fail closed", () => {
  test("S-14: when the store cannot be reached, every route that needs it answers 503 store_unavailable, never a success", async () => {
    const broken = await createTestApp();
    const user = await registerAndLogin(broken);
    await broken.close();
    const unavailable = { status: 503, body: { error: "store_unavailable", msg: "The database could not be reached" }, challenge: null };
    const requests: Array<[string, RequestInit & { json?: unknown; token?: string }]> = [
      ["/auth/login", { method: "POST", json: { username: user.username, password: user.password } }],
      ["/auth/register", { method: "POST", json: { username: "spec_nobody", password: PASSWORD } }],
      ["/auth/refresh", { method: "POST", token: user.refresh }],
      ["/auth/logout", { method: "DELETE", token: user.access }],
      ["/auth/me", { token: user.access }],
      ["/auth/sessions", { token: user.access }],
      ["/auth/sessions", { method: "DELETE", token: user.access }],
      ["/auth/password", { method: "PUT", token: user.access, json: { current_password: user.password, new_password: "another long password" } }],
    ];
    for (const [path, init] of requests) expect(await outcome(await broken.request(path, init))).toEqual(unavailable);
    const health = await broken.request("/health");
    expect(health.status).toBe(503);
    expect(((await health.json()) as { error: string }).error).toBe("store_unavailable");
  });
});

describe("S-15 Password hashing", () => {
  test("S-15: passwords are stored as argon2id m=19456,t=2,p=1 PHC strings with a random salt", async () => {
    await t.request("/auth/register", { method: "POST", json: { username: "spec_hash_a", password: PASSWORD } });
    await t.request("/auth/register", { method: "POST", json: { username: "spec_hash_b", password: PASSWORD } });
    const a = (await t.stores.users.findByUsername("spec_hash_a"))!.passwordHash;
    const b = (await t.stores.users.findByUsername("spec_hash_b"))!.passwordHash;
    const phc = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;
    for (const stored of [a, b]) {
      const [, salt, hash] = phc.exec(stored) ?? [];
      expect(stored).toMatch(phc);
      expect(Buffer.from(salt!, "base64").length).toBeGreaterThanOrEqual(16);
      expect(Buffer.from(hash!, "base64").length).toBeGreaterThanOrEqual(32);
      expect(await Bun.password.verify(PASSWORD, stored)).toBe(true);
    }
    expect(a).not.toBe(b);
    expect(a.split("$")[4]).not.toBe(b.split("$")[4]);
  });

  test("S-15: the argon2id parameters are pinned explicitly, and a new password is hashed with them", async () => {
    expect(ARGON2ID_PARAMS).toEqual({ algorithm: "argon2id", memoryCost: 19456, timeCost: 2 });
    const user = await registerAndLogin(t);
    await t.request("/auth/password", { method: "PUT", token: user.access, json: { current_password: user.password, new_password: "a new long password" } });
    expect((await t.stores.users.findById(user.id))!.passwordHash).toStartWith("$argon2id$v=19$m=19456,t=2,p=1$");
  });
});

describe("S-16 No user enumeration", () => {
  test("S-16: an unknown user and a wrong password get the same status, body and headers", async () => {
    const wrong = await login("spec_alice", "not the password");
    const unknown = await login("spec_nobody_at_all", PASSWORD);
    const shape = async (response: Response) => ({ ...(await outcome(response)), headers: [...response.headers.keys()].sort() });
    const expected = { status: 401, body: { error: "bad_credentials", msg: "Bad username or password" }, challenge: null };
    const [a, b] = [await shape(wrong), await shape(unknown)];
    expect(a).toEqual(b);
    expect(a).toMatchObject(expected);
  });

  test("S-16: an unknown user costs as many password verifications as a wrong password", async () => {
    // Counted, not timed: the dummy verification is the work that makes the two alike.
    const unknown = await countingPasswordCalls("verify", () => login("spec_nobody_at_all", PASSWORD));
    const wrong = await countingPasswordCalls("verify", () => login("spec_alice", "not the password"));
    expect(unknown.result.status).toBe(401);
    expect(wrong.result.status).toBe(401);
    expect(unknown.calls).toBe(1);
    expect(wrong.calls).toBe(1);
  });

  test("S-16: a missing field says which field, never whether the user exists", async () => {
    const known = await t.request("/auth/login", { method: "POST", json: { username: "spec_alice" } });
    const unknown = await t.request("/auth/login", { method: "POST", json: { username: "spec_nobody_at_all" } });
    const expected = { status: 400, body: { error: "missing_parameter", msg: "Missing password parameter" }, challenge: null };
    expect(await outcome(known)).toEqual(expected);
    expect(await outcome(unknown)).toEqual(expected);
  });

  // The dummy hash an unknown user is checked against is made when the hasher is built, not at
  // the first unknown user, whose answer would otherwise cost one argon2id hash more.
  test("S-16: the first unknown-user login of a fresh server does no more hashing than a wrong password", async () => {
    const fresh = await createAppWith({}, createPasswordHasher());
    try {
      const { calls, result } = await countingPasswordCalls("hash", () =>
        fresh.request("/auth/login", { method: "POST", json: { username: "spec_nobody_at_all", password: PASSWORD } }),
      );
      expect(result.status).toBe(401);
      expect(calls).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});

describe("S-17 Throttle guessing", () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({ LOGIN_MAX_FAILURES: "3", LOGIN_MAX_FAILURES_PER_ADDRESS: "5", THROTTLE_WINDOW: "15m", TRUST_PROXY: "127.0.0.1" });
    await limited.request("/auth/register", { method: "POST", json: { username: "spec_throttled", password: PASSWORD } });
  });
  afterAll(() => limited.close());
  const attempt = (username: string, password: string, address: string) =>
    limited.request("/auth/login", { method: "POST", json: { username, password }, headers: { "x-forwarded-for": address } });
  const throttled = (seconds: number) => ({ status: 429, body: { error: "rate_limited", msg: `Too many attempts; try again in ${seconds} seconds` }, challenge: null });

  test("S-17: once an account's failures are used up, the correct password gets the same 429 with Retry-After as a wrong one", async () => {
    for (let i = 0; i < 3; i++) expect((await attempt("spec_throttled", "wrong password", `10.17.0.${i}`)).status).toBe(401);
    const right = await attempt("spec_throttled", PASSWORD, "10.17.1.1");
    const wrong = await attempt("spec_throttled", "wrong password", "10.17.1.2");
    expect(right.headers.get("retry-after")).toBe("900");
    expect(wrong.headers.get("retry-after")).toBe("900");
    expect(await outcome(right)).toEqual(throttled(900));
    expect(await outcome(wrong)).toEqual(throttled(900));
    await atTime(limited, limited.clock() + 900_000, async () => {
      expect((await attempt("spec_throttled", PASSWORD, "10.17.1.3")).status).toBe(200);
    });
  });

  test("S-17: the account limit holds whatever the client address and the letter case of the username", async () => {
    await limited.request("/auth/register", { method: "POST", json: { username: "spec_cased", password: PASSWORD } });
    for (const [i, name] of ["spec_cased", "SPEC_CASED", "Spec_Cased"].entries()) {
      expect((await attempt(name, "wrong password", `10.18.${i}.1`)).status).toBe(401);
    }
    expect(await outcome(await attempt("sPeC_cAsEd", PASSWORD, "10.18.9.9"))).toEqual(throttled(900));
  });

  test("S-17: an unknown account is throttled exactly like a known one", async () => {
    for (let i = 0; i < 3; i++) await attempt("spec_ghost", "wrong password", `10.19.0.${i}`);
    expect(await outcome(await attempt("spec_ghost", "wrong password", "10.19.1.1"))).toEqual(throttled(900));
  });

  test("S-17: one address guessing across many accounts is throttled, other addresses are not", async () => {
    for (let i = 0; i < 5; i++) expect((await attempt(`spec_spray${i}`, "guess", "10.20.0.1")).status).toBe(401);
    expect(await outcome(await attempt("spec_spray9", "guess", "10.20.0.1"))).toEqual(throttled(900));
    expect((await attempt("spec_spray9", "guess", "10.20.0.2")).status).toBe(401);
  });

  test("S-17: no configuration may allow more than 100 failures per hour per account", () => {
    expect(refusal({ LOGIN_MAX_FAILURES: "101" })).toStartWith("LOGIN_MAX_FAILURES: ");
    expect(refusal({ LOGIN_MAX_FAILURES: "30", THROTTLE_WINDOW: "15m" })).toStartWith("LOGIN_MAX_FAILURES: ");
    expect(refusal({ LOGIN_MAX_FAILURES: "10", THROTTLE_WINDOW: "1m" })).toStartWith("LOGIN_MAX_FAILURES: ");
    expect(loadConfig({}).throttle.loginFailuresPerAccount).toBeLessThanOrEqual(25);
  });

  // Windows are fixed and start at the first failure, so any hour overlaps ceil(1h / window) + 1 of
  // them: the configuration is refused unless that many full windows stay within 100 failures.
  test("S-17: a limit that could let one account take more than 100 failures in an hour is refused", () => {
    expect(() => loadConfig({ LOGIN_MAX_FAILURES: "25", THROTTLE_WINDOW: "15m" })).toThrow("LOGIN_MAX_FAILURES: allows more than 100 failures per hour per account");
    expect(() => loadConfig({ LOGIN_MAX_FAILURES: "100", THROTTLE_WINDOW: "1h" })).toThrow("LOGIN_MAX_FAILURES: allows more than 100 failures per hour per account");
  });

  test("S-17: no accepted configuration lets one account take more than 100 failures within an hour", async () => {
    const env = { LOGIN_MAX_FAILURES: "20", THROTTLE_WINDOW: "15m", TRUST_PROXY: "127.0.0.1" };
    expect(() => loadConfig(env)).not.toThrow();
    const app = await createAppWith(env, cheapPasswordHasher());
    try {
      const start = app.clock();
      const failures: number[] = [];
      const guess = async (offsetSeconds: number, count: number) => {
        app.clock.set(start + offsetSeconds * 1000);
        for (let i = 0; i < count; i++) {
          const response = await app.request("/auth/login", { method: "POST", json: { username: "victim", password: `guess ${i}` }, headers: { "x-forwarded-for": `10.21.${failures.length % 250}.1` } });
          if (response.status === 401) failures.push(offsetSeconds);
        }
      };
      await guess(0, 1);
      await guess(15 * 60 - 1, 30);
      for (const window of [1, 2, 3, 4]) await guess(window * 15 * 60, 30);
      const inAnyHour = Math.max(...failures.map((from) => failures.filter((at) => at >= from && at < from + 3600).length));
      expect(inAnyHour).toBeLessThanOrEqual(100);
    } finally {
      await app.close();
    }
  });
});

describe("S-18 Accept any password as sent, cap the body", () => {
  test("S-18: a 1 MB body is 413 payload_too_large, declared or streamed", async () => {
    const big = JSON.stringify({ username: "spec_alice", password: "x".repeat(1024 * 1024) });
    const expected = { status: 413, body: { error: "payload_too_large", msg: "Request body is larger than 65536 bytes" }, challenge: null };
    expect(await outcome(await t.request("/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: big }))).toEqual(expected);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 16; i++) controller.enqueue(new TextEncoder().encode(big.slice(i * 65536, (i + 1) * 65536)));
        controller.close();
      },
    });
    const chunked = await t.app.handle(new Request("http://localhost/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: stream }));
    expect(await outcome(chunked)).toEqual(expected);
  });

  test("S-18: a long Unicode password with spaces is kept exactly as sent: no trimming, case change or truncation", async () => {
    const password = `  Ünïcødé 密码 🔑🔑 ${"пароль ".repeat(10)}\u05e1\u05d9\u05e1\u05de\u05d4  `;
    expect(password.length).toBeGreaterThan(64);
    expect((await t.request("/auth/register", { method: "POST", json: { username: "spec_unicode", password } })).status).toBe(201);
    expect((await login("spec_unicode", password)).status).toBe(200);
    const near = [password.trim(), password.toUpperCase(), password.toLowerCase(), password.slice(0, 72), password.slice(0, -1)];
    for (const other of near) {
      expect(other).not.toBe(password);
      expect((await login("spec_unicode", other)).status).toBe(401);
    }
    // S-33: normalized before hashing, the same password with its accents decomposed is still it.
    expect((await login("spec_unicode", password.normalize("NFD"))).status).toBe(200);
  });

  test("S-18: a 1024-character password is accepted whole: its 1023-character prefix is not it", async () => {
    const password = "p".repeat(1023) + "!";
    expect((await t.request("/auth/register", { method: "POST", json: { username: "spec_long_pw", password } })).status).toBe(201);
    expect((await login("spec_long_pw", password)).status).toBe(200);
    expect((await login("spec_long_pw", "p".repeat(1023))).status).toBe(401);
  });

  test("S-18: a form-encoded password keeps its spaces and plus signs", async () => {
    const password = " a+b c%20d ";
    await t.request("/auth/register", { method: "POST", json: { username: "spec_form_pw", password: `${password}long` } });
    const form = await t.request("/auth/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: "spec_form_pw", password: `${password}long` }).toString(),
    });
    expect(form.status).toBe(200);
  });
});

describe("S-19 Validate input types", () => {
  const hostileBodies: Array<[string, string]> = [
    ["an array", '["spec_alice","correct horse battery"]'],
    ["a number", "42"],
    ["null", "null"],
    ["a string", '"spec_alice"'],
    ["a boolean", "true"],
    ["a nested object", '{"user":{"username":"spec_alice","password":"correct horse battery"}}'],
    ["a query operator", '{"username":{"$ne":""},"password":{"$ne":""}}'],
    ["a username array", '{"username":["spec_alice"],"password":"correct horse battery"}'],
    ["a password object", '{"username":"spec_alice","password":{"toString":"x"}}'],
    ["a password number", '{"username":"spec_alice","password":12345678}'],
    ["__proto__ carrying the fields", '{"__proto__":{"username":"spec_alice","password":"correct horse battery","polluted":true}}'],
    ["constructor.prototype carrying the fields", '{"constructor":{"prototype":{"username":"spec_alice","password":"correct horse battery","polluted":true}}}'],
    ["deep nesting", `${"[".repeat(10_000)}${"]".repeat(10_000)}`],
    ["deep objects", `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`],
  ];

  test("S-19: hostile body types are 400 on every route that reads a body, never 500", async () => {
    const user = await registerAndLogin(t);
    const routes: Array<[string, string, (() => Promise<string>) | undefined]> = [
      ["POST", "/auth/login", undefined],
      ["POST", "/auth/register", undefined],
      ["PUT", "/auth/password", async () => user.access],
      // A logout ends the caller's session before it looks at the body (S-28): a new session each time.
      ["DELETE", "/auth/logout", async () => (await registerAndLogin(t)).access],
    ];
    for (const [method, path, tokenFor] of routes) {
      for (const [name, body] of hostileBodies) {
        // Logout takes an optional body: an object without refresh_token is a valid (empty) request.
        if (path === "/auth/logout" && body.startsWith("{")) continue;
        const token = await tokenFor?.();
        const response = await t.request(path, { method, headers: { "content-type": "application/json" }, body, ...(token ? { token } : {}) });
        const failure = await expectContractError(response);
        expect({ name, path, status: response.status }).toEqual({ name, path, status: 400 });
        expect(["invalid_request", "missing_parameter"]).toContain(failure.error);
        if (path === "/auth/logout") expect({ name, ended: (await protectedWith(token!)).status }).toEqual({ name, ended: 401 });
      }
    }
    expect((await protectedWith(user.access)).status).toBe(200);
    expect(t.logs.filter((line) => line.startsWith("internal_error"))).toEqual([]);
  });

  test("S-19: no body, in any encoding, can pollute Object.prototype", async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    for (const [, body] of hostileBodies) await t.request("/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body });
    await t.request("/auth/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "__proto__[polluted]=1&constructor[prototype][polluted]=1&__proto__=x&username=spec_alice&password=x",
    });
    const form = new FormData();
    form.set("__proto__", "polluted");
    form.set("constructor", "polluted");
    form.set("username", "spec_alice");
    form.set("password", "x");
    await t.request("/auth/login", { method: "POST", body: form });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  test("S-19: a file where a text field is expected is 400", async () => {
    const form = new FormData();
    form.set("username", "spec_alice");
    form.set("password", new Blob(["correct horse battery"]), "password.txt");
    expect(await outcome(await t.request("/auth/login", { method: "POST", body: form }))).toEqual({
      status: 400,
      body: { error: "invalid_request", msg: "password must be a text field, not a file" },
      challenge: null,
    });
  });
});

describe("S-20 HMAC secret", () => {
  const production = { NODE_ENV: "production", AUTH_REGISTRATION: "open" };

  test("S-20: production refuses a missing secret and one shorter than the algorithm needs", () => {
    expect(refusal(production)).toBe("JWT_SECRET_KEY: is required in production (at least 32 random bytes)");
    const sizes: Array<["HS256" | "HS384" | "HS512", number]> = [["HS256", 32], ["HS384", 48], ["HS512", 64]];
    for (const [algorithm, bytes] of sizes) {
      const short = "k".repeat(bytes - 1);
      const message = refusal({ ...production, JWT_ALGORITHM: algorithm, JWT_SECRET_KEY: short });
      expect(message).toBe(`JWT_SECRET_KEY: is ${bytes - 1} bytes; ${algorithm} needs at least ${bytes} random bytes`);
      expect(message).not.toContain(short);
      expect(loadConfig({ ...production, JWT_ALGORITHM: algorithm, JWT_SECRET_KEY: "k".repeat(bytes) }).jwt.secret?.length).toBe(bytes);
    }
    // Bytes, not characters: 16 two-byte characters are 32 bytes.
    expect(loadConfig({ ...production, JWT_SECRET_KEY: "é".repeat(16) }).jwt.secret?.length).toBe(32);
    expect(refusal({ ...production, JWT_SECRET_KEY: "é".repeat(15) })).toStartWith("JWT_SECRET_KEY: is 30 bytes");
  });

  test("S-20: development accepts a short secret only with a warning", () => {
    expect(loadConfig({ JWT_SECRET_KEY: "short" }).warnings).toContain("JWT_SECRET_KEY is 5 bytes; HS256 needs at least 32 random bytes (refused in production)");
  });

  test("S-20: the generated development key is 64 CSPRNG bytes kept with mode 0600, and production refuses it", () => {
    const dirs = [mkdtempSync(join(tmpdir(), "jot-spec-key-")), mkdtempSync(join(tmpdir(), "jot-spec-key-"))];
    try {
      const [first, second] = dirs.map((dir) => loadOrCreateDevSecret(dir));
      expect(first!.length).toBe(64);
      expect(Buffer.from(first!).equals(Buffer.from(second!))).toBe(false);
      expect(Buffer.from(loadOrCreateDevSecret(dirs[0]!)).equals(Buffer.from(first!))).toBe(true);
      expect(statSync(join(dirs[0]!, DEV_SECRET_FILE)).mode & 0o777).toBe(0o600);
      const stored = readFileSync(join(dirs[0]!, DEV_SECRET_FILE), "utf8").trim();
      expect(isDevSecret(dirs[0]!, first!)).toBe(true);
      expect(isDevSecret(dirs[0]!, new TextEncoder().encode(stored))).toBe(true);
      expect(isDevSecret(dirs[0]!, second!)).toBe(false);
    } finally {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  });

  test("S-20: a production server given the development key refuses to start, with one line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jot-spec-prod-"));
    try {
      loadOrCreateDevSecret(dir);
      const key = readFileSync(join(dir, DEV_SECRET_FILE), "utf8").trim();
      const child = Bun.spawn(["bun", join(import.meta.dir, "..", "src", "main.ts")], {
        cwd: dir,
        env: { ...process.env, NODE_ENV: "production", AUTH_REGISTRATION: "open", JWT_SECRET_KEY: key, PORT: "0", HOST: "127.0.0.1", DATABASE_URL: `sqlite://${dir}/jot.sqlite` },
        stdout: "pipe",
        stderr: "pipe",
      });
      // Should the refusal ever regress into a running server, stop it rather than leak it.
      const watchdog = setTimeout(() => child.kill(), 8_000);
      const [code, stdout, stderr] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]).finally(() => clearTimeout(watchdog));
      expect({ code, stdout, stderr }).toEqual({
        code: 1,
        stdout: "",
        stderr: "jot: JWT_SECRET_KEY: is the generated development key; production needs a secret of its own\n",
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 10_000);

  test("S-20: the folder the development key is kept in is ignored by git", () => {
    const gitignore = join(import.meta.dir, "..", "..", "..", ".gitignore");
    expect(existsSync(gitignore)).toBe(true);
    expect(readFileSync(gitignore, "utf8").split("\n").map((line) => line.trim())).toContain("data/");
  });
});

describe("S-21 Errors", () => {
  test("S-21: 404, 405, 413 and parse errors are JSON {error, msg}", async () => {
    const cases: Array<[string, RequestInit, number, string]> = [
      ["/nope", {}, 404, "not_found"],
      ["/auth/login", { method: "GET" }, 405, "method_not_allowed"],
      ["/protected", { method: "POST" }, 405, "method_not_allowed"],
      ["/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: "x".repeat(70_000) }, 413, "payload_too_large"],
      ["/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: '{"username":' }, 400, "invalid_request"],
      ["/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }, 400, "invalid_request"],
      ["/auth/login", { method: "POST", headers: { "content-type": "text/plain" }, body: "spec_alice:pw" }, 400, "invalid_request"],
      ["/auth/login", { method: "POST", headers: { "content-type": "multipart/form-data" }, body: "garbage" }, 400, "invalid_request"],
    ];
    for (const [path, init, status, code] of cases) {
      const response = await t.request(path, init);
      expect({ path, status: response.status }).toEqual({ path, status });
      expect((await expectContractError(response)).error).toBe(code);
    }
  });

  test("S-21: a 4xx never echoes the submitted password, and no log line holds it", async () => {
    const secret = `Pw-${crypto.randomUUID()}`;
    const user = await registerAndLogin(t);
    const attempts: Array<[string, RequestInit & { json?: unknown; token?: string }]> = [
      ["/auth/register", { method: "POST", json: { username: "x", password: secret } }],
      ["/auth/register", { method: "POST", json: { username: "has space", password: secret } }],
      ["/auth/register", { method: "POST", json: { username: user.username, password: secret } }],
      ["/auth/register", { method: "POST", json: { username: "spec_echo", password: `${secret}${"!".repeat(1024)}` } }],
      ["/auth/login", { method: "POST", json: { username: user.username, password: secret } }],
      ["/auth/login", { method: "POST", json: { username: secret, password: secret } }],
      ["/auth/login", { method: "POST", json: { username: [secret], password: secret } }],
      ["/auth/login", { method: "POST", json: { username: user.username, password: [secret] } }],
      ["/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: `{"username":"${user.username}","password":"${secret}"` }],
      ["/auth/login", { method: "POST", headers: { "content-type": "text/plain" }, body: secret }],
      ["/auth/password", { method: "PUT", token: user.access, json: { current_password: secret, new_password: `${secret}-new` } }],
      ["/auth/password", { method: "PUT", token: user.access, json: { current_password: user.password, new_password: 5, extra: secret } }],
    ];
    for (const [path, init] of attempts) {
      const response = await t.request(path, init);
      const text = `${await response.text()} ${[...response.headers].join(" ")}`;
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(text).not.toContain(secret);
    }
    expect(t.logs.filter((line) => line.includes(secret) && !line.includes(`"username":"${secret}"`))).toEqual([]);
  });

  test("S-21: no token, secret or stack trace appears in an error body, header or log line", async () => {
    const user = await registerAndLogin(t);
    const [h, p] = segments(user.access);
    const tampered = `${h}.${p}.${"A".repeat(43)}`;
    const responses = [
      await protectedWith(tampered),
      await refreshWith(tampered),
      await t.request("/auth/logout", { method: "DELETE", token: user.access, json: { refresh_token: tampered } }),
      await refreshWith(user.access),
    ];
    for (const response of responses) {
      const text = `${await response.text()} ${[...response.headers].join(" ")}`;
      expect(response.status).toBeGreaterThanOrEqual(400);
      for (const forbidden of [p, user.refresh, TEST_SECRET, "    at ", ".ts:"]) expect(text).not.toContain(forbidden);
    }
    for (const line of t.logs) for (const forbidden of [p, segments(user.refresh)[1], TEST_SECRET, "    at "]) expect(line).not.toContain(forbidden);
  });

  test("S-21: 401s for tokens carry the RFC 6750 challenge; a missing token gets the bare one", async () => {
    expect(await outcome(await t.request("/protected"))).toEqual({ status: 401, body: { error: "missing_token", msg: "Missing Authorization Header" }, challenge: 'Bearer realm="jot"' });
    expect(await outcome(await protectedWith("abc.def.ghi"))).toEqual(tokenFailure("invalid_token", "Invalid header"));
    expect(await outcome(await protectedWith(genuine({ exp: 1 })))).toEqual(tokenFailure("token_expired", "Token has expired"));
    expect(await outcome(await refreshWith(alice.access))).toEqual(tokenFailure("wrong_token_type", "Only refresh tokens are allowed"));
    expect(await outcome(await withAuthorization("Basic c3BlYzpwdw=="))).toEqual({
      status: 400,
      body: { error: "invalid_header", msg: ERROR_CODES.invalid_header.msg },
      challenge: INVALID_HEADER_CHALLENGE,
    });
  });

  test("S-21: a client-chosen request id cannot inject text into the audit log", async () => {
    const before = t.logs.length;
    await t.request("/auth/login", { method: "POST", json: { username: "spec_alice", password: "wrong" }, headers: { "x-request-id": 'x", "level":"info' } });
    const line = JSON.parse(t.logs.at(-1)!) as Record<string, unknown>;
    expect(t.logs.length).toBe(before + 1);
    expect(line.level).toBe("warn");
    expect(String(line.request_id)).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("S-22 Tokens only where configured", () => {
  test("S-22: ?access_token= and ?jwt= are not read by default", async () => {
    for (const name of ["access_token", "jwt", "token"]) {
      expect(await outcome(await t.request(`/protected?${name}=${alice.access}`))).toEqual({
        status: 401,
        body: { error: "missing_token", msg: "Missing Authorization Header" },
        challenge: 'Bearer realm="jot"',
      });
    }
  });

  test("S-22: a token in a JSON body or a cookie is not read by default", async () => {
    const missing = { status: 401, body: { error: "missing_token", msg: "Missing Authorization Header" }, challenge: 'Bearer realm="jot"' };
    expect(await outcome(await t.request("/auth/logout", { method: "DELETE", json: { access_token: alice.access } }))).toEqual(missing);
    expect(await outcome(await t.request("/auth/refresh", { method: "POST", json: { refresh_token: alice.refresh } }))).toEqual(missing);
    expect(await outcome(await t.request("/protected", { headers: { cookie: `access_token_cookie=${alice.access}; access_token=${alice.access}` } }))).toEqual(missing);
  });

  test("S-22: production refuses query-string tokens", () => {
    expect(refusal({ NODE_ENV: "production", AUTH_REGISTRATION: "open", JWT_SECRET_KEY: TEST_SECRET, JWT_TOKEN_LOCATION: "headers,query_string" })).toStartWith("JWT_TOKEN_LOCATION: ");
  });

  test("S-22: the Authorization header must be exactly `Bearer <token>`, one or more spaces between them", async () => {
    for (const value of [`Bearer${alice.access}`, `Bearer \t${alice.access}`, `Token ${alice.access}`, `Bearer ${alice.access}, Bearer ${alice.access}`, "Bearer"]) {
      expect(await outcome(await withAuthorization(value))).toEqual({
        status: 400,
        body: { error: "invalid_header", msg: ERROR_CODES.invalid_header.msg },
        challenge: INVALID_HEADER_CHALLENGE,
      });
    }
    expect((await withAuthorization(`bearer ${alice.access}`)).status).toBe(200);
    expect((await withAuthorization(`Bearer   ${alice.access}`)).status).toBe(200);
  });
});
