import type { NewSession, Rotation, SessionRecord, SessionStore } from "./session-store.ts";

/** How often (ms, by the sessions' own start times) a new session drops those past their expiry. */
const PRUNE_INTERVAL_MS = 60_000;

/**
 * Sessions held in this process only: the default of `jot()`, and for tests. Each method reads and
 * writes without waiting in between, so rotation and the grace redemption are as atomic as the SQL
 * store's single statements. Nothing else prunes it in an app of its own, so starting a session
 * drops those past their absolute expiry, at most once a minute.
 */
export class MemorySessionStore implements SessionStore {
  readonly #sessions = new Map<string, SessionRecord>();
  #prunedAt = Number.NEGATIVE_INFINITY;

  async create(session: NewSession): Promise<void> {
    if (session.createdAt - this.#prunedAt >= PRUNE_INTERVAL_MS) {
      this.#prunedAt = session.createdAt;
      this.#dropExpired(session.createdAt / 1000);
    }
    this.#sessions.set(session.id, structuredClone({ ...session, previousJti: null, rotatedAt: null, revokedAt: null }));
  }

  async find(id: string): Promise<SessionRecord | undefined> {
    const session = this.#sessions.get(id);
    return session === undefined ? undefined : structuredClone(session);
  }

  async rotate(id: string, rotation: Rotation): Promise<boolean> {
    const session = this.#sessions.get(id);
    if (session === undefined || session.revokedAt !== null || session.current.jti !== rotation.presentedJti) return false;
    session.previousJti = session.current.jti;
    session.rotatedAt = rotation.now;
    session.lastUsedAt = rotation.now;
    session.current = { ...rotation.next };
    return true;
  }

  async redeemGrace(id: string, presentedJti: string, rotatedSince: number, now: number): Promise<boolean> {
    const session = this.#sessions.get(id);
    if (session === undefined || session.revokedAt !== null || session.previousJti !== presentedJti) return false;
    if (session.rotatedAt === null || session.rotatedAt <= rotatedSince) return false;
    session.previousJti = null;
    session.lastUsedAt = now;
    return true;
  }

  async listLive(userId: string, nowSeconds: number): Promise<SessionRecord[]> {
    return [...this.#sessions.values()]
      .filter((session) => session.userId === userId && session.revokedAt === null && session.expiresAt > nowSeconds)
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((session) => structuredClone(session));
  }

  async revoke(id: string, userId: string, now: number): Promise<boolean> {
    const session = this.#sessions.get(id);
    if (session === undefined || session.userId !== userId || session.revokedAt !== null) return false;
    session.revokedAt = now;
    return true;
  }

  async revokeAllOf(userId: string, now: number, exceptId?: string): Promise<void> {
    for (const session of this.#sessions.values()) {
      if (session.userId === userId && session.revokedAt === null && session.id !== exceptId) session.revokedAt = now;
    }
  }

  async revocationPoint(userId: string, now: number): Promise<number> {
    let latest = now;
    for (const session of this.#sessions.values()) if (session.userId === userId) latest = Math.max(latest, session.createdAt);
    return latest;
  }

  async prune(nowSeconds: number): Promise<number> {
    return this.#dropExpired(nowSeconds);
  }

  #dropExpired(nowSeconds: number): number {
    let dropped = 0;
    for (const [id, session] of this.#sessions) if (session.expiresAt <= nowSeconds && this.#sessions.delete(id)) dropped++;
    return dropped;
  }

  /** How many sessions are held, ended ones included until pruned. */
  get size(): number {
    return this.#sessions.size;
  }
}
