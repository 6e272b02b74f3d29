import { timingSafeEqual } from "node:crypto";

/**
 * The limits' one check: the bearer token's HMAC-SHA256 signature, and nothing else (no claims,
 * no revocation). Shared by the bare `Bun.serve` route and the Elysia one, so they measure the
 * same work.
 */
export function hasValidHmac(authorization: string | null, secret: string): boolean {
  return hasValidTokenHmac((authorization ?? "").slice(7), secret);
}

/** The same check of a token already taken out of its header. */
export function hasValidTokenHmac(token: string, secret: string): boolean {
  const dot = token.lastIndexOf(".");
  const hasher = new Bun.CryptoHasher("sha256", secret);
  hasher.update(token.slice(0, dot));
  const expected = Buffer.from(hasher.digest("base64url" as "base64"));
  const given = Buffer.from(token.slice(dot + 1));
  return dot >= 0 && expected.length === given.length && timingSafeEqual(expected, given);
}
