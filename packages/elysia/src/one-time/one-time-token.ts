import { createHash, timingSafeEqual } from "node:crypto";

/** Random bytes in a one-time token: 256 bits, beyond guessing however many tries are allowed. */
const TOKEN_BYTES = 32;

/** A one-time token as issued: 43 base64url characters. Anything else is refused before any lookup. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** A new one-time token (S-32): 32 random bytes from the system's CSPRNG, base64url. */
export function newOneTimeToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES))).toString("base64url");
}

/**
 * What a one-time token is stored as (S-32): its SHA-256, hex. The token has 256 random bits, so a
 * plain hash is as strong as the token and lets it be found by lookup; a database read does not
 * hand out usable tokens. Answers `undefined` for text that is not shaped like a token.
 */
export function hashOneTimeToken(token: unknown): string | undefined {
  if (typeof token !== "string" || !TOKEN_SHAPE.test(token)) return undefined;
  return createHash("sha256").update(token).digest("hex");
}

/** Whether two token hashes are equal, in time that does not depend on where they differ. */
export function sameTokenHash(expected: string, given: string): boolean {
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(given, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}
