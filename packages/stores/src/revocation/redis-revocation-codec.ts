import { REVOCATION_KINDS, type RevocationKind } from "./revocation-entry.ts";

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
    const kind = colon < 0 ? undefined : REVOCATION_KINDS.find((k) => k === rest.slice(0, colon));
    return kind === undefined ? undefined : { kind, id: rest.slice(colon + 1) };
  }
}
