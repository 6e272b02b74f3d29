import { type Clock, MemoryRevocationStore, type RevocableToken, type RevocationStore, type UserRevocationMark } from "@jot/elysia/server";
import { applyEntry } from "./revocation-entry.ts";
import type { SqlRevocationStore } from "./sql-revocation-store.ts";

/**
 * The SQL store with an in-memory copy in front: writes go to the database first (so nothing
 * is lost on a crash) and then to memory; lookups read memory only, with no I/O on the hot path.
 * Correct while this process is the only writer, as with an embedded SQLite file; instances
 * that share a database need a shared store that tells each other (Redis).
 */
export class MirroredRevocationStore implements RevocationStore {
  readonly #memory = new MemoryRevocationStore();

  private constructor(private readonly source: SqlRevocationStore) {}

  /** Loads every live entry from the database. */
  static async load(source: SqlRevocationStore, clock: Clock): Promise<MirroredRevocationStore> {
    const store = new MirroredRevocationStore(source);
    await source.loadInto(store.#memory, clock() / 1000);
    return store;
  }

  async revokeToken(jti: string, until: number): Promise<void> {
    applyEntry(this.#memory, await this.source.writeToken(jti, until));
  }
  async revokeSession(sid: string, until: number): Promise<void> {
    applyEntry(this.#memory, await this.source.writeSession(sid, until));
  }
  async revokeUserSessions(sub: string, mark: UserRevocationMark, until: number): Promise<void> {
    applyEntry(this.#memory, await this.source.writeUserMark(sub, mark, until));
  }

  isRevoked(token: RevocableToken): boolean {
    return this.#memory.isRevoked(token);
  }

  async prune(nowSeconds: number): Promise<number> {
    // The table first: once memory has shrunk, the database has too.
    const dropped = await this.source.prune(nowSeconds);
    await this.#memory.prune(nowSeconds);
    return dropped;
  }

  ping(): Promise<void> {
    return this.source.ping();
  }

  /** How many entries the in-memory copy holds (bounded by the live tokens they cover, once pruned). */
  get size(): number {
    return this.#memory.size;
  }
}
