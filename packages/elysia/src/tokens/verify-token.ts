import type { TokenClaims, TokenType } from "@jot/shared";
import type { Clock } from "../clock.ts";
import { JotError } from "../errors/jot-error.ts";
import { decodeJsonObjectSegment, encodeBase64Url, hasBase64UrlLength, isBase64UrlSegment } from "./base64url.ts";
import { checkClaims } from "./check-claims.ts";
import { checkHeader } from "./check-header.ts";
import { MAX_TOKEN_LENGTH, tokenHeader, type TokenSettings } from "./token-settings.ts";

/** Three non-empty base64url segments and nothing else (S-1; lengths are checked apart). */
const THREE_SEGMENTS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

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
  // Every token jot issues carries this exact header segment: recognising it skips a decode. A key
  // set issues nothing, and each of its tokens must name its key.
  const ownHeaderSegment = settings.key.keySet ? undefined : encodeBase64Url(JSON.stringify(tokenHeader(settings)));
  const verified = new VerifiedPayloads(cacheSize);
  const previousKeys = new Map((settings.previousKeys ?? []).flatMap((key) => (key.kid === undefined ? [] : [[key.kid, key] as const])));

  /** Only a token whose signature verified has its payload decoded and its claims checked. */
  function afterSignature(valid: boolean, token: string, print: number, payloadSegment: string, expected: TokenType, generation: number): TokenClaims {
    if (!valid) throw new JotError("invalid_token", "Signature verification failed", { reason: "bad_signature" });
    const payload = decodeJsonObjectSegment(payloadSegment);
    if (!payload) throw new JotError("invalid_token", "Invalid payload");
    const claims = checkClaims(payload, expected, settings, clock() / 1000);
    verified.add(token, print, payload, generation);
    return claims;
  }

  const verifyToken: VerifyToken = (token, expected) => {
    if (token.length > MAX_TOKEN_LENGTH) throw new JotError("invalid_token", "Token is too long");
    const print = fingerprint(token);
    const known = verified.get(token, print);
    if (known) return checkClaims(known, expected, settings, clock() / 1000);
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

/**
 * Payloads of tokens whose signature and claims already verified, keyed by the exact token string.
 * A token is the same bytes each time a client sends it, so its signature and structure need
 * checking once; time, type and revocation are still checked on every request, and the whole
 * cache is emptied when the key set it was verified with changes. It never decides revocation.
 *
 * Built for the case where it cannot hold the working set (more users than entries), where a
 * miss must cost next to nothing. So, as measured against a `Map` with oldest-first eviction:
 * - no `Map`: a fixed table of sets of {@link WAYS} slots, the set chosen by the token's last
 *   characters (signature bytes, evenly spread). The whole token string is compared, so sharing a
 *   set only ever costs a miss. Evicting from a big `Map` walked the deleted entries left at its
 *   front on every insert.
 * - a token enters only when seen a second time: the first sight writes a 32-bit fingerprint, so a
 *   stream of tokens seen once allocates, freezes and retains nothing. A fingerprint match only
 *   admits a token that has just verified in full.
 * - only admitted payloads are deep-frozen, so no handler can change what the next request gets.
 */
class VerifiedPayloads {
  readonly #sets: number;
  readonly #tokens: Array<string | undefined>;
  readonly #payloads: Array<Record<string, unknown> | undefined>;
  /** Fingerprints of tokens seen once, {@link WAYS} per set. */
  readonly #seen: Uint32Array;
  /** Per set: the slot the next entry replaces, and the next fingerprint slot (oldest first). */
  readonly #nextEntry: Uint8Array;
  readonly #nextSeen: Uint8Array;
  #generation = 0;

  constructor(capacity: number) {
    this.#sets = Math.ceil(capacity / WAYS);
    this.#tokens = new Array(this.#sets * WAYS).fill(undefined);
    this.#payloads = new Array(this.#sets * WAYS).fill(undefined);
    this.#seen = new Uint32Array(this.#sets * WAYS);
    this.#nextEntry = new Uint8Array(this.#sets);
    this.#nextSeen = new Uint8Array(this.#sets);
  }

  /** Counts the times the cache was emptied: a token is kept only if it began verifying in this one. */
  get generation(): number {
    return this.#generation;
  }

  /** Forgets every token, and every token still verifying when this is called. */
  clear(): void {
    this.#tokens.fill(undefined);
    this.#payloads.fill(undefined);
    this.#seen.fill(0);
    this.#generation++;
  }

  /** `print` is the token's {@link fingerprint}. */
  get(token: string, print: number): Record<string, unknown> | undefined {
    if (this.#sets === 0) return undefined;
    const first = (print % this.#sets) * WAYS;
    for (let slot = first; slot < first + WAYS; slot++) {
      if (this.#tokens[slot] === token) return this.#payloads[slot];
    }
    return undefined;
  }

  /** Called with a token that passed every check: remembers it, and keeps it the second time. */
  add(token: string, print: number, payload: Record<string, unknown>, generation: number): void {
    if (this.#sets === 0 || generation !== this.#generation) return;
    const set = print % this.#sets;
    const first = set * WAYS;
    let seen = false;
    for (let slot = first; slot < first + WAYS; slot++) seen ||= this.#seen[slot] === print;
    if (!seen) {
      this.#seen[first + this.#nextSeen[set]!] = print;
      this.#nextSeen[set] = (this.#nextSeen[set]! + 1) % WAYS;
      return;
    }
    const slot = first + this.#nextEntry[set]!;
    this.#tokens[slot] = token;
    this.#payloads[slot] = deepFreeze(payload);
    this.#nextEntry[set] = (this.#nextEntry[set]! + 1) % WAYS;
  }
}

/** Slots per set: enough that a few tokens landing in one set do not keep evicting each other. */
const WAYS = 4;

/** FNV-1a over the last 8 characters: 48 bits of the signature, enough to spread and to recognise. */
function fingerprint(token: string): number {
  let hash = 0x811c9dc5;
  for (let index = Math.max(0, token.length - 8); index < token.length; index++) {
    hash = Math.imul(hash ^ token.charCodeAt(index), 0x01000193);
  }
  return hash >>> 0;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
