import type { SQL } from "bun";
import { type Clock, orUnavailable, type RevocableToken, type RevocationStore, type UserRevocationMark } from "@jot/elysia/server";
import { PostgresSubscription } from "./postgres-subscription.ts";
import { SqlRevocationStore } from "./sql-revocation-store.ts";
import { SubscribedMirror } from "./subscribed-mirror.ts";

/** How `PostgresRevocationStore.connect` reaches Postgres. */
export interface PostgresRevocationStoreOptions {
  /** The pool writes and loads go through (the database's own). */
  sql: SQL;
  /** `postgres://…` as in `DATABASE_URL`, for the listening connection. Never logged. */
  url: string;
  /** Milliseconds since the epoch; entries in force by this clock are loaded. */
  clock: Clock;
  /** The NOTIFY channel revocations are announced on. Default `jot_revocations`. */
  channel?: string;
  /** How long connecting and subscribing may take before Postgres counts as unreachable. Default 5000 ms. */
  connectionTimeoutMs?: number;
  /** How often the listening connection is proven alive by a heartbeat NOTIFY. Default 1000 ms. */
  heartbeatMs?: number;
}

/** The name `store_unavailable` errors give: the same as for every other database failure. */
const STORE = "database";

/**
 * Revocations in Postgres shared by every instance without Redis (S-13), each instance answering
 * lookups from an in-memory copy kept current by LISTEN/NOTIFY, so the request path makes no
 * round trip.
 *
 * Postgres is the source of truth: each write and its NOTIFY (the entry as stored) commit in one
 * transaction, so a write is never stored unannounced; the writer applies it to its own memory,
 * every other instance on hearing it. The copy is loaded after LISTEN is acknowledged, and again
 * whenever the subscription is lost; until that reload finishes, `isRevoked` throws
 * `store_unavailable` (S-14) rather than answer from a copy that may have missed a revocation.
 */
export class PostgresRevocationStore implements RevocationStore {
  readonly #source: SqlRevocationStore;
  readonly #mirror: SubscribedMirror;

  private constructor(options: PostgresRevocationStoreOptions) {
    const { sql, url, clock, channel = "jot_revocations", connectionTimeoutMs = 5000, heartbeatMs = 1000 } = options;
    this.#source = new SqlRevocationStore(sql, (tx, entry) => tx.notify(channel, JSON.stringify(entry)));
    this.#mirror = new SubscribedMirror(
      {
        subscribe: ({ onMessage, onLost }) =>
          PostgresSubscription.open({ url, channel, connectionTimeoutMs, heartbeatMs, notify: (to, payload) => sql.notify(to, payload), onMessage, onLost }),
        loadInto: (memory) => this.#source.loadInto(memory, clock() / 1000),
      },
      STORE,
    );
  }

  /**
   * Listens, then loads every entry in force; resolves once the store can answer. Rejects with
   * `store_unavailable` (leaving nothing open) when Postgres cannot be reached.
   */
  static async connect(options: PostgresRevocationStoreOptions): Promise<PostgresRevocationStore> {
    const store = new PostgresRevocationStore(options);
    try {
      await orUnavailable(STORE, "revocations.connect", () => store.#mirror.start());
    } catch (error) {
      store.close();
      throw error;
    }
    return store;
  }

  async revokeToken(jti: string, until: number): Promise<void> {
    this.#mirror.apply(await this.#source.writeToken(jti, until));
  }
  async revokeSession(sid: string, until: number): Promise<void> {
    this.#mirror.apply(await this.#source.writeSession(sid, until));
  }
  async revokeUserSessions(sub: string, mark: UserRevocationMark, until: number): Promise<void> {
    this.#mirror.apply(await this.#source.writeUserMark(sub, mark, until));
  }

  /** Answers from memory, synchronously; throws `store_unavailable` while memory may be behind Postgres. */
  isRevoked(token: RevocableToken): boolean {
    return this.#mirror.isRevoked(token);
  }

  /** Drops expired entries from the tables (Postgres keeps no TTL of its own), then from memory. */
  async prune(nowSeconds: number): Promise<number> {
    // The table first: once memory has shrunk, the database has too.
    const dropped = await this.#source.prune(nowSeconds);
    await this.#mirror.memory.prune(nowSeconds);
    return dropped;
  }

  /** Queries Postgres; also fails while the store is catching up, since lookups fail then too. */
  async ping(): Promise<void> {
    this.#mirror.assertTrusted();
    await this.#source.ping();
  }

  /** How many entries the in-memory copy holds (bounded by the live tokens they cover, once pruned). */
  get size(): number {
    return this.#mirror.memory.size;
  }

  /** {@link size}, for the `jot_revocation_mirror_entries` gauge of `/metrics`. */
  mirrorSize(): number {
    return this.size;
  }

  /** Stops listening; afterwards every lookup fails with `store_unavailable`. The pool is the caller's. */
  close(): void {
    this.#mirror.close();
  }
}
