import type { TokenClaims, TokenType } from "@jot/shared";
import type { Clock } from "../clock.ts";
import { JotError } from "../errors/jot-error.ts";
import { decodeJsonObjectSegment, encodeBase64Url, hasBase64UrlLength, isBase64UrlSegment } from "./base64url.ts";
import { checkClaims } from "./check-claims.ts";
import { checkHeader } from "./check-header.ts";
import { MAX_TOKEN_LENGTH, tokenHeader, type TokenSettings } from "./token-settings.ts";
import { tailPrint, VerifiedTokens } from "./verified-tokens.ts";

/** Three non-empty base64url segments and nothing else (S-1; lengths are checked apart). */
const THREE_SEGMENTS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Verifies a compact JWS and answers its claims, or throws (rejects) a {@link JotError} saying what
 * is wrong. Synchronous for HMAC keys, so the hot path allocates no promise; a promise for the
 * asymmetric algorithms, whose signatures `@elysiajs/jwt` checks.
 */
/** Tokens the verified-token cache holds unless told otherwise: about 4 MB of typed arrays. */
export const DEFAULT_VERIFIED_CACHE_SIZE = 100_000;

export type VerifyToken = (token: string, expected: TokenType) => TokenClaims | Promise<TokenClaims>;

/**
 * Builds the verifier. The order is the security argument (S-1 … S-9): strict structure,
 * header against the pinned algorithm, signature, and only then the payload and its claims.
 * Revocation is the caller's last step (S-10).
 */
export function createTokenVerifier(settings: TokenSettings, clock: Clock, cacheSize = DEFAULT_VERIFIED_CACHE_SIZE): VerifyToken {
  // Every token jot issues carries this exact header segment: recognising it skips a decode. A key
  // set issues nothing, and each of its tokens must name its key.
  const ownHeaderSegment = settings.key.keySet ? undefined : encodeBase64Url(JSON.stringify(tokenHeader(settings)));
  const verified = new VerifiedTokens(cacheSize);
  const previousKeys = new Map((settings.previousKeys ?? []).flatMap((key) => (key.kid === undefined ? [] : [[key.kid, key] as const])));

  /** Only a token whose signature verified has its payload decoded and its claims checked. */
  function afterSignature(valid: boolean, token: string, print: number, payloadSegment: string, expected: TokenType, generation: number): TokenClaims {
    if (!valid) throw new JotError("invalid_token", "Signature verification failed", { reason: "bad_signature" });
    const payload = decodeJsonObjectSegment(payloadSegment);
    if (!payload) throw new JotError("invalid_token", "Invalid payload");
    const claims = checkClaims(payload, expected, settings, clock() / 1000);
    verified.add(token, print, generation);
    return claims;
  }

  /**
   * A token that verified before, byte for byte: its payload is its own again, decoded from it, so
   * only the claim types are not checked again; time, issuer, audience and type are.
   */
  function knownClaims(token: string, expected: TokenType): TokenClaims {
    const firstDot = token.indexOf(".");
    const payload = decodeJsonObjectSegment(token.slice(firstDot + 1, token.indexOf(".", firstDot + 1)))!;
    return checkClaims(payload, expected, settings, clock() / 1000, true);
  }

  const verifyToken: VerifyToken = (token, expected) => {
    if (token.length > MAX_TOKEN_LENGTH) throw new JotError("invalid_token", "Token is too long");
    const print = tailPrint(token);
    if (verified.has(token, print)) return knownClaims(token, expected);
    // A token verified while the cache is emptied (the key set changed) is not kept.
    const generation = verified.generation;

    const firstDot = token.indexOf(".");
    const secondDot = firstDot < 0 ? -1 : token.indexOf(".", firstDot + 1);
    if (secondDot < 0) throw new JotError("invalid_token", "Not enough segments");
    if (token.indexOf(".", secondDot + 1) >= 0) throw new JotError("invalid_token", "Too many segments");

    const headerSegment = token.slice(0, firstDot);
    const payloadSegment = token.slice(firstDot + 1, secondDot);
    const signature = token.slice(secondDot + 1);
    // One expression over the whole token costs a third of three over its slices; those only
    // run to name what is wrong.
    if (!THREE_SEGMENTS.test(token) || !hasBase64UrlLength(headerSegment) || !hasBase64UrlLength(payloadSegment) || !hasBase64UrlLength(signature)) {
      if (!isBase64UrlSegment(headerSegment)) throw new JotError("invalid_token", "Invalid header encoding");
      if (!isBase64UrlSegment(payloadSegment)) throw new JotError("invalid_token", "Invalid payload encoding");
      if (!isBase64UrlSegment(signature)) throw new JotError("invalid_token", "Invalid signature encoding");
    }

    let key = settings.key;
    if (headerSegment !== ownHeaderSegment) {
      const header = decodeJsonObjectSegment(headerSegment);
      if (!header) throw new JotError("invalid_token", "Invalid header");
      key = (typeof header.kid === "string" && previousKeys.get(header.kid)) || settings.key;
      checkHeader(header, key);
    }

    const valid = key.verify(token.slice(0, secondDot), signature);
    if (typeof valid === "boolean") return afterSignature(valid, token, print, payloadSegment, expected, generation);
    return valid.then((isValid) => afterSignature(isValid, token, print, payloadSegment, expected, generation));
  };

  const { keySetVersion } = settings.key;
  if (!keySetVersion) return verifyToken;
  // A key set that changed empties the cache before anything is read from it: a key removed from
  // the set stops every token it signed at once, cached or not (S-29).
  let cachedVersion: number | undefined;
  const withKeySet = (version: number, token: string, expected: TokenType) => {
    if (version !== cachedVersion) {
      verified.clear();
      cachedVersion = version;
    }
    return verifyToken(token, expected);
  };
  return (token, expected) => {
    const version = keySetVersion();
    return typeof version === "number" ? withKeySet(version, token, expected) : version.then((current) => withKeySet(current, token, expected));
  };
}
