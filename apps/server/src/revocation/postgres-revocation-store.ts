import type { SQL } from "bun";
import type { Clock } from "../clock.ts";
import { orUnavailable } from "../db/store-failure.ts";
import { JotError } from "../errors.ts";
import { MemoryRevocationStore } from "./memory-revocation-store.ts";
import { PostgresSubscription } from "./postgres-subscription.ts";
import { applyEntry, parseMessage, type RevocationEntry } from "./revocation-entry.ts";
import type { RevocableToken, RevocationStore, UserRevocationMark } from "./revocation-store.ts";
import { SqlRevocationStore } from "./sql-revocation-store.ts";
import { pause } from "./timeout.ts";

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
/** Bounds of the back-off between attempts to catch up again after a lost subscription. */
const RETRY_MIN_MS = 50;
const RETRY_MAX_MS = 1000;

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
  readonly #memory = new MemoryRevocationStore();
  readonly #source: SqlRevocationStore;
  readonly #options: Required<Omit<PostgresRevocationStoreOptions, "sql">> & { sql: SQL };
  #subscription: PostgresSubscription | undefined;
  /** Memory holds everything Postgres held when the current subscription began, and all since. */
  #trusted = false;
  #recovering = false;
  #closed = false;

  private constructor(options: PostgresRevocationStoreOptions) {
    this.#options = { channel: "jot_revocations", connectionTimeoutMs: 5000, heartbeatMs: 1000, ...options };
    const { channel } = this.#options;
    this.#source = new SqlRevocationStore(options.sql, (tx, entry) => tx.notify(channel, JSON.stringify(entry)));
  }

  /**
   * Listens, then loads every entry in force; resolves once the store can answer. Rejects with
   * `store_unavailable` (leaving nothing open) when Postgres cannot be reached.
   */
  static async connect(options: PostgresRevocationStoreOptions): Promise<PostgresRevocationStore> {
    const store = new PostgresRevocationStore(options);
    store.#recovering = true; // a loss during the first load fails `connect` instead
    try {
      await orUnavailable(STORE, "revocations.connect", () => store.#catchUp());
    } catch (error) {
      store.close();
      throw error;
    } finally {
      store.#recovering = false;
    }
    return store;
  }

  async revokeToken(jti: string, until: number): Promise<void> {
    this.#apply(await this.#source.writeToken(jti, until));
  }
  async revokeSession(sid: string, until: number): Promise<void> {
    this.#apply(await this.#source.writeSession(sid, until));
  }
  async revokeUserSessions(sub: string, mark: UserRevocationMark, until: number): Promise<void> {
    this.#apply(await this.#source.writeUserMark(sub, mark, until));
  }

  /** Answers from memory, synchronously; throws `store_unavailable` while memory may be behind Postgres. */
  isRevoked(token: RevocableToken): boolean {
    if (!this.#trusted || !this.#subscription?.live) throw new JotError("store_unavailable", `The ${STORE} could not be reached`);
    return this.#memory.isRevoked(token);
  }

  /** Drops expired entries from memory and from the tables (Postgres keeps no TTL of its own). */
  async prune(nowSeconds: number): Promise<number> {
    // The table first: once memory has shrunk, the database has too.
    const dropped = await this.#source.prune(nowSeconds);
    await this.#memory.prune(nowSeconds);
    return dropped;
  }

  /** Queries Postgres; also fails while the store is catching up, since lookups fail then too. */
  ping(): Promise<void> {
    if (!this.#trusted) return Promise.reject(new JotError("store_unavailable", `The ${STORE} could not be reached`));
    return this.#source.ping();
  }

  /** How many entries the in-memory copy holds (bounded by the live tokens they cover, once pruned). */
  get size(): number {
    return this.#memory.size;
  }

  /** Stops listening; afterwards every lookup fails with `store_unavailable`. The pool is the caller's. */
  close(): void {
    this.#closed = true;
    this.#trusted = false;
    this.#subscription?.close();
    this.#subscription = undefined;
  }

  #apply(entry: RevocationEntry): void {
    applyEntry(this.#memory, entry);
  }

  /** Listens (unless still listening), then loads everything: notifications during the load are kept. */
  async #catchUp(): Promise<void> {
    if (!this.#subscription?.live) {
      this.#subscription?.close();
      this.#subscription = undefined;
      const { url, channel, sql, connectionTimeoutMs, heartbeatMs } = this.#options;
      const subscription = await PostgresSubscription.open({
        url,
        channel,
        connectionTimeoutMs,
        heartbeatMs,
        notify: (to, payload) => sql.notify(to, payload),
        onMessage: (payload) => this.#receive(payload),
        onLost: () => this.#lost(),
      });
      if (this.#closed) return subscription.close();
      this.#subscription = subscription;
    }
    const subscription = this.#subscription;
    await this.#source.loadInto(this.#memory, this.#options.clock() / 1000);
    if (this.#subscription !== subscription || !subscription.live) throw new Error("Postgres subscription lost while loading");
    this.#trusted = true;
  }

  #receive(payload: string): void {
    const entry = parseMessage(payload);
    // A notification we cannot read may have been a revocation: catch up from Postgres instead.
    if (!entry || !applyEntry(this.#memory, entry)) this.#lost();
  }

  /** Stops trusting memory, and catches up again unless that is already under way. */
  #lost(): void {
    this.#trusted = false;
    this.#subscription?.close();
    this.#subscription = undefined;
    if (!this.#recovering && !this.#closed) void this.#recover();
  }

  async #recover(): Promise<void> {
    this.#recovering = true;
    let delay = RETRY_MIN_MS;
    // `#trusted` is re-read after every await: a loss during an attempt makes the loop go on.
    while (!this.#closed && !this.#trusted) {
      try {
        await this.#catchUp();
      } catch {
        await pause(delay);
        delay = Math.min(delay * 2, RETRY_MAX_MS);
      }
    }
    this.#recovering = false;
  }
}
