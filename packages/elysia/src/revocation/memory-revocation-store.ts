import { ExpiringIdSet } from "./expiring-id-set.ts";
import { markCovers, type RevocableToken, type RevocationStore, type UserRevocationMark } from "./revocation-store.ts";

interface Entry<T> {
  value: T;
  until: number;
}

/**
 * Revocations held in this process only: for tests, and as the in-memory mirror that
 * keeps the guard's lookup synchronous in front of a shared store.
 */
export class MemoryRevocationStore implements RevocationStore {
  // Token and session revocations can number millions: compact fingerprints, not a Map of strings.
  readonly #tokens = new ExpiringIdSet();
  readonly #sessions = new ExpiringIdSet();
  readonly #users = new Map<string, Entry<UserRevocationMark>>();

  async revokeToken(jti: string, until: number): Promise<void> {
    this.applyToken(jti, until);
  }
  async revokeSession(sid: string, until: number): Promise<void> {
    this.applySession(sid, until);
  }
  async revokeUserSessions(sub: string, mark: UserRevocationMark, until: number): Promise<void> {
    this.applyUserMark(sub, mark, until);
  }

  /** Records a token revocation without a promise (used when mirroring another store). */
  applyToken(jti: string, until: number): void {
    this.#tokens.add(jti, until);
  }
  applySession(sid: string, until: number): void {
    this.#sessions.add(sid, until);
  }
  /** A later mark replaces an earlier one; a mark never moves back in time. */
  applyUserMark(sub: string, mark: UserRevocationMark, until: number): void {
    const current = this.#users.get(sub);
    if (current && current.value.before > mark.before) return;
    this.#users.set(sub, { value: mark, until: Math.max(until, current?.until ?? 0) });
  }

  isRevoked(token: RevocableToken): boolean {
    if (this.#tokens.has(token.jti) || (token.sid !== undefined && this.#sessions.has(token.sid))) return true;
    const mark = this.#users.get(token.sub);
    return mark !== undefined && markCovers(mark.value, token);
  }

  async prune(nowSeconds: number): Promise<number> {
    let dropped = this.#tokens.prune(nowSeconds) + this.#sessions.prune(nowSeconds);
    for (const [key, entry] of this.#users) if (entry.until <= nowSeconds && this.#users.delete(key)) dropped++;
    return dropped;
  }

  async ping(): Promise<void> {}

  /** How many entries are held: what pruning keeps bounded by the tokens still live. */
  get size(): number {
    return this.#tokens.size + this.#sessions.size + this.#users.size;
  }

  /** Forgets everything (a mirror that must reload). */
  clear(): void {
    this.#tokens.clear();
    this.#sessions.clear();
    this.#users.clear();
  }
}
