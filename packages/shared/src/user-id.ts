/**
 * Text shaped like a user id: 32 hexadecimal digits in any case, with or without separators among
 * them (`-`, and the other punctuation a username may hold: `_ . + @`). That is any spelling of a
 * UUID — user ids are UUIDs — and the one rule for both sides of S-31: no username may be shaped
 * like this, and a name shaped like this always means the account with that id.
 */
export const ID_SHAPED_PATTERN = "^[-_.+@]*(?:[0-9A-Fa-f][-_.+@]*){32}$";

const ID_SHAPED = new RegExp(ID_SHAPED_PATTERN);

/**
 * The user id `text` names when it is shaped like one ({@link ID_SHAPED_PATTERN}), written as ids
 * are stored (lowercase, hyphens at 8-4-4-4-12); `undefined` when it is not shaped like an id.
 * @example userIdIn("0190F2A0B1C27000800000000000AB12") // "0190f2a0-b1c2-7000-8000-00000000ab12"
 */
export function userIdIn(text: string): string | undefined {
  if (!ID_SHAPED.test(text)) return undefined;
  const hex = text.replace(/[^0-9A-Fa-f]/g, "").toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
