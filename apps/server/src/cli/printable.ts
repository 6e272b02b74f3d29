/**
 * Characters a terminal may act on rather than show: C0 and C1 controls and DEL (an ESC starts an
 * escape sequence, a CR or a newline forges a line), and the invisible format characters (bidi
 * overrides, line and paragraph separators) that reorder or hide what is shown.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

function escaped(character: string): string {
  const code = character.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * Text someone else chose (a user agent, a username, a token's claims), made safe to print on a
 * terminal: each control or format character is shown as its escape (`\x1b`, `\u202e`), never sent.
 * @example printable("curl\x1b[2J") // "curl\\x1b[2J"
 */
export function printable(text: string): string {
  return text.replace(UNSAFE, escaped);
}

/**
 * `value` as JSON that is safe to print: `JSON.stringify` escapes C0 controls inside strings but
 * leaves DEL, C1 controls and format characters as they are; these become `\uXXXX` escapes, which
 * parse back to the same value. The newlines of the indentation stay.
 */
export function printableJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(UNSAFE, (character) =>
    character === "\n" ? character : `\\u${character.codePointAt(0)!.toString(16).padStart(4, "0")}`,
  );
}
