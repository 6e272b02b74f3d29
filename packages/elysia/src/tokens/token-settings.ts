import type { SigningKey } from "./signing-key.ts";

/** What issuing and verifying tokens needs from the configuration. */
export interface TokenSettings {
  /** The key tokens are signed with, and verified with unless their `kid` names a previous one. */
  key: SigningKey;
  /** Keys rotated out: they verify the tokens they signed (named by `kid`) until those expire, and sign nothing. */
  previousKeys?: readonly SigningKey[];
  /** Put into every token and required on every token when set. */
  issuer?: string | undefined;
  /** Put into every token and required on every token when set. */
  audience?: string | undefined;
  /** Seconds of clock skew allowed on `exp`, `nbf` and `iat`. */
  leewaySeconds: number;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  /** Give every token a random `csrf` claim, for the double-submit check of cookie transport. */
  csrfClaims?: boolean;
  /** Claims every token must carry besides the registered ones (their types are still the schema's). */
  requiredClaims?: readonly string[];
  /** Seconds after its `iat` a token is refused, whatever its `exp` says (`token_expired`). */
  maxTokenAgeSeconds?: number | undefined;
}

/** Longest token accepted; checked before anything is decoded (S-1). */
export const MAX_TOKEN_LENGTH = 8192;

/**
 * The protected header of every token jot issues, in the order `@elysiajs/jwt` writes it;
 * `kid` names a published (asymmetric) key.
 */
export function tokenHeader(settings: TokenSettings): { alg: string; kid?: string; typ: "JWT" } {
  const { algorithm, kid } = settings.key;
  return kid === undefined ? { alg: algorithm, typ: "JWT" } : { alg: algorithm, kid, typ: "JWT" };
}
