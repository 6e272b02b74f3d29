import type { TokenClaims, TokenType } from "@jot/shared";
import type { Clock } from "../clock.ts";
import { JotError } from "../errors.ts";
import { decodeJsonObjectSegment, encodeBase64Url, isBase64UrlSegment } from "./base64url.ts";
import { checkClaims } from "./check-claims.ts";
import { checkHeader } from "./check-header.ts";
import { MAX_TOKEN_LENGTH, tokenHeader, type TokenSettings } from "./token-settings.ts";

/**
 * Verifies a compact JWS and answers its claims, or throws (rejects) a {@link JotError} saying what
 * is wrong. Synchronous for HMAC keys, so the hot path allocates no promise; a promise for the
 * asymmetric algorithms, whose signatures `@elysiajs/jwt` checks.
 */
export type VerifyToken = (token: string, expected: TokenType) => TokenClaims | Promise<TokenClaims>;

/**
 * Builds the verifier. The order is the security argument (S-1 … S-9): strict structure,
 * header against the pinned algorithm, signature, and only then the payload and its claims.
 * Revocation is the caller's last step (S-10).
 */
export function createTokenVerifier(settings: TokenSettings, clock: Clock, cacheSize = 10_000): VerifyToken {
  // Every token jot issues carries this exact header segment: recognising it skips a decode.
  const ownHeaderSegment = encodeBase64Url(JSON.stringify(tokenHeader(settings)));
  const verified = new VerifiedPayloads(cacheSize);
  const previousKeys = new Map((settings.previousKeys ?? []).flatMap((key) => (key.kid === undefined ? [] : [[key.kid, key] as const])));

  /** Only a token whose signature verified has its payload decoded and its claims checked. */
  function afterSignature(valid: boolean, token: string, payloadSegment: string, expected: TokenType): TokenClaims {
    if (!valid) throw new JotError("invalid_token", "Signature verification failed");
    const payload = decodeJsonObjectSegment(payloadSegment);
    if (!payload) throw new JotError("invalid_token", "Invalid payload");
    const claims = checkClaims(payload, expected, settings, clock() / 1000);
    verified.add(token, payload);
    return claims;
  }

  return (token, expected) => {
    if (token.length > MAX_TOKEN_LENGTH) throw new JotError("invalid_token", "Token is too long");
    const known = verified.get(token);
    if (known) return checkClaims(known, expected, settings, clock() / 1000);

    const firstDot = token.indexOf(".");
    const secondDot = firstDot < 0 ? -1 : token.indexOf(".", firstDot + 1);
    if (secondDot < 0) throw new JotError("invalid_token", "Not enough segments");
    if (token.indexOf(".", secondDot + 1) >= 0) throw new JotError("invalid_token", "Too many segments");

    const headerSegment = token.slice(0, firstDot);
    const payloadSegment = token.slice(firstDot + 1, secondDot);
    const signature = token.slice(secondDot + 1);
    if (!isBase64UrlSegment(headerSegment)) throw new JotError("invalid_token", "Invalid header encoding");
    if (!isBase64UrlSegment(payloadSegment)) throw new JotError("invalid_token", "Invalid payload encoding");
    if (!isBase64UrlSegment(signature)) throw new JotError("invalid_token", "Invalid signature encoding");

    let key = settings.key;
    if (headerSegment !== ownHeaderSegment) {
      const header = decodeJsonObjectSegment(headerSegment);
      if (!header) throw new JotError("invalid_token", "Invalid header");
      key = (typeof header.kid === "string" && previousKeys.get(header.kid)) || settings.key;
      checkHeader(header, key);
    }

    const valid = key.verify(token.slice(0, secondDot), signature);
    if (typeof valid === "boolean") return afterSignature(valid, token, payloadSegment, expected);
    return valid.then((isValid) => afterSignature(isValid, token, payloadSegment, expected));
  };
}

/**
 * Payloads of tokens whose signature and claims already verified, keyed by the exact token string.
 * A token is the same bytes each time a client sends it, so its signature and structure need
 * checking once; time, type and revocation are still checked on every request. Only tokens that
 * passed every check enter, the payload is frozen so no handler can change it, and the oldest
 * entry goes first when full.
 */
class VerifiedPayloads {
  readonly #entries = new Map<string, Record<string, unknown>>();

  constructor(private readonly capacity: number) {}

  get(token: string): Record<string, unknown> | undefined {
    return this.#entries.get(token);
  }

  add(token: string, payload: Record<string, unknown>): void {
    if (this.capacity === 0) return;
    if (this.#entries.size >= this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(token, deepFreeze(payload));
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
