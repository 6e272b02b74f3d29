/**
 * What a password may be (S-33), in one place: the request schemas, the server and the admin
 * command all read it from here.
 *
 * - It is counted in Unicode code points, as a person counts characters: an emoji is one, not the
 *   two UTF-16 units JavaScript's `length` sees.
 * - It must be valid Unicode: a lone surrogate (`"\ud800"`) has no UTF-8 spelling, and would be
 *   hashed as U+FFFD, the same password as every other lone surrogate.
 * - It is hashed in its NFKC form (NIST SP 800-63B), so one password typed on different keyboards
 *   or input methods (full-width letters, a composed or decomposed accent) is one password.
 * - What is hashed is capped in bytes too: normalizing can lengthen a password many times over.
 */
export const PASSWORD_RULE = {
  /** Fewest code points of a new password. */
  minCodePoints: 8,
  /** Most code points of any password, as sent. */
  maxCodePoints: 1024,
  /** Most UTF-8 bytes of a password once normalized: what is hashed. */
  maxNormalizedBytes: 4096,
} as const;

/**
 * A JSON Schema `pattern` for `min` to `max` code points of valid Unicode. It reads the same with
 * and without the `u` flag (TypeBox compiles without it, Ajv with it): outside surrogates, one unit
 * or code point; a surrogate only as a high one followed by a low one, which is one code point.
 */
export function passwordPattern(min: number, max: number): string {
  return `^(?:[^\\uD800-\\uDFFF]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]){${min},${max}}$`;
}

/** The form a password is hashed and checked in: NFKC. */
export function normalizePassword(password: string): string {
  return password.normalize("NFKC");
}

/** Whether a normalized password is within {@link PASSWORD_RULE}'s byte cap. */
export function withinPasswordBytes(normalized: string): boolean {
  return new TextEncoder().encode(normalized).length <= PASSWORD_RULE.maxNormalizedBytes;
}
