import type { MemoryRevocationStore } from "@jot/elysia/server";

/** The three kinds of revocation entry, as named in keys and messages. */
export type RevocationKind = "token" | "session" | "user";

/** Every {@link RevocationKind}, for reading one back from text. */
export const REVOCATION_KINDS: readonly RevocationKind[] = ["token", "session", "user"];

/**
 * One entry as a shared store (Redis, Postgres) holds and announces it: its kind, the id it revokes
 * (jti, sid or sub) and its value as stored after the write: `<until>` for a token or session,
 * `<before> <until> <exceptSid>` for a user mark (exceptSid may be empty). Announced as the JSON
 * `{"kind","id","value"}`, so every instance applies exactly what the store now holds.
 */
export interface RevocationEntry {
  kind: RevocationKind;
  id: string;
  value: string;
}

/** A user mark's stored value; `exceptSid` is everything after the second space. */
const USER_VALUE = /^(\S+) (\S+) (.*)$/s;

/**
 * Applies one stored entry to the in-memory mirror. Answers false, applying nothing, when the
 * value cannot be read (the caller decides whether that matters).
 */
export function applyEntry(memory: MemoryRevocationStore, entry: RevocationEntry): boolean {
  if (entry.kind !== "user") {
    const until = Number(entry.value);
    if (entry.value === "" || !Number.isFinite(until)) return false;
    if (entry.kind === "token") memory.applyToken(entry.id, until);
    else memory.applySession(entry.id, until);
    return true;
  }
  const match = USER_VALUE.exec(entry.value);
  const before = Number(match?.[1]);
  const until = Number(match?.[2]);
  if (!match || !Number.isFinite(before) || !Number.isFinite(until)) return false;
  memory.applyUserMark(entry.id, { before, exceptSid: match[3] || undefined }, until);
  return true;
}

/** The stored value of a user mark. */
export function userMarkValue(before: number | string, until: number | string, exceptSid: string | null | undefined): string {
  return `${before} ${until} ${exceptSid ?? ""}`;
}

/** Parses a pub/sub message, or answers undefined for anything that is not one. */
export function parseMessage(message: string): RevocationEntry | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const { kind, id, value } = parsed as Record<string, unknown>;
  const known = REVOCATION_KINDS.find((k) => k === kind);
  if (known === undefined || typeof id !== "string" || typeof value !== "string") return undefined;
  return { kind: known, id, value };
}

/** A finite number as the decimal text both JavaScript and Lua's `tonumber` read back exactly. */
export function numberText(value: number, name: string): string {
  if (!Number.isFinite(value)) throw new TypeError(`${name} must be a finite number`);
  return String(value);
}
