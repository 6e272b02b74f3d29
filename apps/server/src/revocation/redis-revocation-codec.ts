import type { MemoryRevocationStore } from "./memory-revocation-store.ts";

/** The three kinds of revocation entry, as named in keys and messages. */
export type RevocationKind = "token" | "session" | "user";

const KINDS: readonly RevocationKind[] = ["token", "session", "user"];

/** One entry as Redis holds it: its kind, the id it revokes (jti, sid or sub) and its stored value. */
export interface RedisRevocationEntry {
  kind: RevocationKind;
  id: string;
  value: string;
}

/**
 * How revocations are spelled in Redis under one prefix:
 * - `<prefix>revoked:token:<jti>` and `<prefix>revoked:session:<sid>` hold `<until>`;
 * - `<prefix>revoked:user:<sub>` holds `<before> <until> <exceptSid>` (exceptSid may be empty);
 * - every write publishes `{"kind","id","value"}` (the value as stored after the write) on `<prefix>revocations`.
 * Values stay strings end to end, so Lua never formats a number (its `%.14g` would round `before`).
 */
export class RedisRevocationLayout {
  /** The pub/sub channel every write is announced on. */
  readonly channel: string;
  /** The SCAN MATCH pattern that finds every entry under the prefix, and nothing else there. */
  readonly scanPattern: string;
  readonly #entries: string;

  constructor(prefix: string) {
    this.#entries = `${prefix}revoked:`;
    this.channel = `${prefix}revocations`;
    // The prefix is literal text: escape what SCAN MATCH would read as a glob.
    this.scanPattern = `${this.#entries.replace(/[*?[\]\\]/g, "\\$&")}*`;
  }

  /** The key of one entry. */
  key(kind: RevocationKind, id: string): string {
    return `${this.#entries}${kind}:${id}`;
  }

  /** The kind and id a key names, or undefined for a key that is not an entry. */
  parseKey(key: string): { kind: RevocationKind; id: string } | undefined {
    if (!key.startsWith(this.#entries)) return undefined;
    const rest = key.slice(this.#entries.length);
    const colon = rest.indexOf(":");
    const kind = colon < 0 ? undefined : KINDS.find((k) => k === rest.slice(0, colon));
    return kind === undefined ? undefined : { kind, id: rest.slice(colon + 1) };
  }
}

/** A user mark's stored value; `exceptSid` is everything after the second space. */
const USER_VALUE = /^(\S+) (\S+) (.*)$/s;

/**
 * Applies one stored entry to the in-memory mirror. Answers false, applying nothing, when the
 * value cannot be read (the caller decides whether that matters).
 */
export function applyEntry(memory: MemoryRevocationStore, entry: RedisRevocationEntry): boolean {
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

/** Parses a pub/sub message, or answers undefined for anything that is not one. */
export function parseMessage(message: string): RedisRevocationEntry | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const { kind, id, value } = parsed as Record<string, unknown>;
  const known = KINDS.find((k) => k === kind);
  if (known === undefined || typeof id !== "string" || typeof value !== "string") return undefined;
  return { kind: known, id, value };
}

/** A finite number as the decimal text both JavaScript and Lua's `tonumber` read back exactly. */
export function numberText(value: number, name: string): string {
  if (!Number.isFinite(value)) throw new TypeError(`${name} must be a finite number`);
  return String(value);
}
