/**
 * Helpers shared by the security suites. Nothing here is a test; everything is built from the
 * server's own modules so the suites exercise the real code.
 */
import { ERROR_CODES, isErrorCode } from "@jot/shared";
import { expect } from "bun:test";
import type { PasswordHasher } from "../src/users/password-hasher.ts";
import { craftToken } from "@jot/testing";
import { createTestApp, TEST_SECRET, type TestApp } from "../test/test-app.ts";

/** The header of every token jot issues with HS256. */
export const JOT_HEADER = { alg: "HS256", typ: "JWT" } as const;

/**
 * A stand-in for argon2id where the cost of hashing is not what is under test (fuzzing,
 * throttling arithmetic): a SHA-256 of the password. Never used where S-15/S-16 are checked.
 */
export function cheapPasswordHasher(): PasswordHasher {
  const hash = async (password: string) => `sha256$${new Bun.CryptoHasher("sha256").update(password).digest("hex")}`;
  return {
    hash,
    verify: async (password, stored) => (await hash(password)) === stored,
    verifyNobody: async () => false,
  };
}

/** The real app in process, like `createTestApp`, with the password hasher given. */
export type CustomApp = TestApp;

export function createAppWith(env: Record<string, string>, passwords: PasswordHasher): Promise<CustomApp> {
  return createTestApp(env, passwords);
}

export { claimsOf } from "@jot/testing";

/** The `WWW-Authenticate` value the contract gives a token failure with this message. */
export function tokenChallenge(msg: string): string {
  return `Bearer realm="jot", error="invalid_token", error_description="${msg}"`;
}

/** The `WWW-Authenticate` value the contract gives an `invalid_header` failure. */
export const INVALID_HEADER_CHALLENGE = `Bearer realm="jot", error="invalid_request", error_description="${ERROR_CODES.invalid_header.msg}"`;

/** The whole outcome the contract prescribes for a token failure (401 + RFC 6750 challenge). */
export function tokenFailure(error: string, msg: string) {
  return { status: 401, body: { error, msg }, challenge: tokenChallenge(msg) };
}

/** Claims of a valid access token at `nowSeconds`, for crafting tokens signed with a known secret. */
export function accessClaims(nowSeconds: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    jti: crypto.randomUUID(),
    sub: "user-1",
    iat: nowSeconds,
    nbf: nowSeconds,
    exp: nowSeconds + 900,
    sid: Bun.randomUUIDv7("hex", nowSeconds * 1000),
    username: "alice",
    roles: ["user"],
    type: "access",
    fresh: false,
    ...overrides,
  };
}

/**
 * The JSON text of `claims` with claim `name` set to the raw JSON text `raw` (e.g. `1e400`,
 * which `JSON.stringify` cannot produce).
 */
export function rawClaimJson(claims: Record<string, unknown>, name: string, raw: string): string {
  const marker = `__raw_${crypto.randomUUID()}__`;
  return JSON.stringify({ ...claims, [name]: marker }).replace(JSON.stringify(marker), raw);
}

/** A token signed with `secret` whose claim `name` is the raw JSON `raw`. */
export function tokenWithRawClaim(claims: Record<string, unknown>, name: string, raw: string, secret: string): string {
  return craftToken(JOT_HEADER, rawClaimJson(claims, name, raw), secret);
}

/** The base64url alphabet, in value order. */
export const BASE64URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * The same signature bytes spelled with another last character: for a 43-character HS256
 * signature the last character carries 2 unused bits, so a lenient decoder reads both alike.
 */
export function nonCanonicalLastCharacter(signature: string): string {
  const last = signature.at(-1)!;
  return `${signature.slice(0, -1)}${BASE64URL_ALPHABET[BASE64URL_ALPHABET.indexOf(last) ^ 1]}`;
}

/**
 * Asserts what every failure must look like (S-21): a JSON body of exactly `{error, msg}` with a
 * code from the contract's table and the status that table gives it; token failures carry the
 * RFC 6750 challenge. Answers the parsed body.
 */
export async function expectContractError(response: Response): Promise<{ error: string; msg: string }> {
  const text = await response.text();
  expect(response.headers.get("content-type") ?? "").toStartWith("application/json");
  const body = JSON.parse(text) as { error: unknown; msg: unknown };
  expect(Object.keys(body).sort()).toEqual(["error", "msg"]);
  expect(isErrorCode(body.error)).toBe(true);
  expect(typeof body.msg).toBe("string");
  const code = body.error as keyof typeof ERROR_CODES;
  expect(response.status).toBe(ERROR_CODES[code].status);
  return { error: code, msg: body.msg as string };
}
