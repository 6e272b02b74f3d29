import type { OneTimeTokenKind, OneTimeTokenRecord, OneTimeTokenStore } from "./one-time-token-store.ts";

/** One-time tokens in this process's memory: the default of `jot()`, lost on restart. */
export class MemoryOneTimeTokenStore implements OneTimeTokenStore {
  private readonly byHash = new Map<string, OneTimeTokenRecord>();

  async replace(record: OneTimeTokenRecord): Promise<void> {
    await this.discard(record.subject, record.kind);
    this.byHash.set(record.hash, { ...record });
  }

  async take(hash: string, kind: OneTimeTokenKind): Promise<OneTimeTokenRecord | undefined> {
    const record = this.byHash.get(hash);
    if (record === undefined || record.kind !== kind) return undefined;
    this.byHash.delete(hash);
    return record;
  }

  async discard(subject: string, kind: OneTimeTokenKind): Promise<void> {
    for (const [hash, record] of this.byHash) if (record.subject === subject && record.kind === kind) this.byHash.delete(hash);
  }

  async prune(now: number): Promise<void> {
    for (const [hash, record] of this.byHash) if (record.expiresAt <= now) this.byHash.delete(hash);
  }
}
