/** Claims jot sets itself: an app's additional claims may never set or overwrite them. */
export const REGISTERED_CLAIMS: ReadonlySet<string> = new Set([
  "jti", "sub", "iat", "nbf", "exp", "iss", "aud", "type", "fresh", "roles", "sid", "csrf",
]);

/** Names that say the value is a secret, compared without case, `_` or `-`. */
const SECRET_NAMES: readonly RegExp[] = [
  /pass(word|wd|phrase|code)?(hash)?$/, // passwords and their hashes
  /^pwd(hash)?$/,
  /secret|credential/, // client_secret, totp_secret, mfa_secret, …
  /token$/, // bearer credentials: access_token, refresh_token, reset_token, id_token, …
  /(private|api|signing|encryption)key$/,
  /seed$|^h?otp$|^totp$/, // one-time password seeds and codes: otp_seed, totp_seed
  /(recovery|backup)codes?$/,
  /creditcard|cardnumber|cvv$|ssn$|^pin$/,
];

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
    const compared = name.toLowerCase().replace(/[_-]/g, "");
    if (SECRET_NAMES.some((secret) => secret.test(compared))) {
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
