import { JotError } from "../errors/jot-error.ts";

/** Header parameters that would let a token choose its own key; keys come only from configuration (S-3). */
const KEY_CHOOSING_PARAMETERS = ["jku", "jwk", "x5u", "x5c", "x5t", "x5t#S256"] as const;

/**
 * Checks a decoded protected header against the one configured algorithm, before any crypto runs:
 * the algorithm must match exactly (S-2), no key may come from the token (S-3), and no
 * critical extension or unencoded payload is accepted (S-5).
 */
export function checkHeader(header: Record<string, unknown>, key: { algorithm: string; kid?: string | undefined; keySet?: true }): void {
  if (header.alg !== key.algorithm) throw new JotError("invalid_token", "The specified alg value is not allowed");
  // `kid` only names our own key, by exact match (or one of a configured key set's); a shared secret has none.
  if (key.keySet && typeof header.kid !== "string") throw new JotError("invalid_token", "Missing kid header parameter");
  if (!key.keySet && Object.hasOwn(header, "kid") && header.kid !== key.kid) {
    throw new JotError("invalid_token", key.kid === undefined ? "Unsupported kid header parameter" : "Unknown kid header parameter");
  }
  if (header.typ !== undefined && header.typ !== "JWT") throw new JotError("invalid_token", "Invalid token type header");
  if (Object.hasOwn(header, "crit")) throw new JotError("invalid_token", "Unsupported critical header parameter");
  if (Object.hasOwn(header, "b64")) throw new JotError("invalid_token", "Unsupported b64 header parameter");
  for (const name of KEY_CHOOSING_PARAMETERS) {
    if (Object.hasOwn(header, name)) throw new JotError("invalid_token", `Unsupported ${name} header parameter`);
  }
}
