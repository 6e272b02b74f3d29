/** Claims jot sets itself: an app's additional claims may never set or overwrite them. */
export const REGISTERED_CLAIMS: ReadonlySet<string> = new Set([
  "jti", "sub", "iat", "nbf", "exp", "iss", "aud", "type", "fresh", "roles", "sid", "csrf",
]);

/** Names that say the value is a secret (compared without case, `_` or `-`). */
const SECRET_NAME = /pass(word|wd|phrase)?$|^pwd$|secret|privatekey|apikey|credential|creditcard|cardnumber|cvv|ssn|^pin$/;

/**
 * Checks an app's additional claims before they are signed into a token. A token's payload is
 * encoded, not encrypted: anyone holding the token reads it, so a claim named like a secret is
 * refused at the call, and a registered claim can only be set through its own option.
 * Throws a `TypeError` (a caller's mistake), never signs.
 */
export function checkAdditionalClaims(claims: Record<string, unknown>): void {
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) {
    throw new TypeError("additionalClaims must be a plain object of JSON values");
  }
  for (const name of Object.keys(claims)) {
    if (REGISTERED_CLAIMS.has(name)) {
      throw new TypeError(`additional claim "${name}" is a registered claim jot sets itself; use its own option instead`);
    }
  }
  for (const name of claimNames(claims)) {
    if (SECRET_NAME.test(name.toLowerCase().replace(/[_-]/g, ""))) {
      throw new TypeError(
        `additional claim "${name}" looks like a secret: a token's payload is only encoded, not encrypted, and anyone holding the token can read it`,
      );
    }
  }
}

/** Every property name in a JSON value, nested ones included. */
function* claimNames(value: unknown): Generator<string> {
  if (typeof value !== "object" || value === null) return;
  for (const [name, inner] of Object.entries(value)) {
    if (!Array.isArray(value)) yield name;
    yield* claimNames(inner);
  }
}
