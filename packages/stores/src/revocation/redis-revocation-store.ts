import { RedisClient } from "bun";
import { type Clock, JotError, orUnavailable, type RevocableToken, type RevocationStore, type UserRevocationMark } from "@jot/elysia/server";
import { RedisRevocationLayout } from "./redis-revocation-codec.ts";
import { numberText, type RevocationKind } from "./revocation-entry.ts";
import { advanceMark, extendEntry, type ScriptContext } from "./redis-revocation-scripts.ts";
import { loadSnapshot } from "./redis-revocation-snapshot.ts";
import { RedisSubscription } from "./redis-subscription.ts";
import { SubscribedMirror } from "./subscribed-mirror.ts";
import { withTimeout } from "./timeout.ts";

/** The prefix of every key jot keeps in Redis, unless told otherwise. */
export const DEFAULT_REDIS_KEY_PREFIX = "jot:";

/** How `RedisRevocationStore.connect` reaches Redis. */
export interface RedisRevocationStoreOptions {
  /** `redis://…` as in `REDIS_URL`. Never logged nor put in an error: it may hold a password. */
  url: string;
  /** Milliseconds since the epoch; entries live until their `until` by this clock. */
  clock: Clock;
  /** Prepended to every key and to the channel, so deployments (or tests) can share one Redis. Default `jot:`. */
  prefix?: string;
  /** How long connecting may take before Redis counts as unreachable. Default 1500 ms. */
  connectionTimeoutMs?: number;
  /** How long one command may take before Redis counts as unreachable. Default 2000 ms. */
  commandTimeoutMs?: number;
  /** How often the subscription is checked with PING, to notice a connection that died silently. Default 1000 ms. */
  heartbeatMs?: number;
}

/** The name `store_unavailable` errors give. */
const STORE = "revocation store";
/** An entry already past its `until` is still written this long, so every instance hears of it. */
const MIN_TTL_MS = 1000;
/** Bun's client takes a 32-bit count; this many retries (at most ~2 s apart) never run out. */
const FOREVER_RETRIES = 2 ** 31 - 1;

/**
 * Revocations shared by every instance through Redis (S-13), with each instance's lookups
 * answered from an in-memory copy, so the request path makes no round trip.
 *
 * Redis is the source of truth: each write runs a Lua script that stores the entry with a TTL
 * of its remaining lifetime and publishes it on `<prefix>revocations` in the same atomic step;
 * the writer then applies it to its own memory, and every other instance applies it on hearing
 * the message. The copy is loaded by SCAN after subscribing, and again whenever the subscription
 * is lost; until that reload finishes, `isRevoked` throws `store_unavailable` (S-14) rather than
 * answer from a copy that may have missed a revocation.
 */
export class RedisRevocationStore implements RevocationStore {
  readonly #layout: RedisRevocationLayout;
  readonly #commands: RedisClient;
  readonly #mirror: SubscribedMirror;
  readonly #clock: Clock;
  readonly #connectionTimeoutMs: number;
  readonly #commandTimeoutMs: number;

  private constructor(options: RedisRevocationStoreOptions) {
    const { url } = options;
    this.#clock = options.clock;
    const layout = new RedisRevocationLayout(options.prefix ?? DEFAULT_REDIS_KEY_PREFIX);
    this.#layout = layout;
    const connectionTimeoutMs = options.connectionTimeoutMs ?? 1500;
    const heartbeatMs = options.heartbeatMs ?? 1000;
    this.#connectionTimeoutMs = connectionTimeoutMs;
    this.#commandTimeoutMs = options.commandTimeoutMs ?? 2000;
    // Writes need no event on a lost connection: Bun reconnects on its own, and a write meanwhile
    // fails at once (no offline queue) instead of waiting for Redis to come back.
    this.#commands = new RedisClient(options.url, {
      connectionTimeout: this.#connectionTimeoutMs,
      autoReconnect: true,
      maxRetries: FOREVER_RETRIES,
      enableOfflineQueue: false,
    });
    this.#mirror = new SubscribedMirror(
      {
        subscribe: ({ onMessage, onLost }) => RedisSubscription.open({ url, channel: layout.channel, connectionTimeoutMs, heartbeatMs, onMessage, onLost }),
        loadInto: (memory) => loadSnapshot(this.#commands, layout, memory, this.#commandTimeoutMs),
      },
      STORE,
    );
  }

  /**
   * Connects, subscribes and loads every entry; resolves once the store can answer. Rejects
   * with `store_unavailable` (leaving nothing open) when Redis cannot be reached, and with the
   * client's own error for a URL it cannot parse (which never repeats the URL).
   */
  static async connect(options: RedisRevocationStoreOptions): Promise<RedisRevocationStore> {
    const store = new RedisRevocationStore(options);
    try {
      await orUnavailable(STORE, "revocations.connect", async () => {
        // With auto-reconnect, `connect()` keeps trying and never rejects while Redis is down.
        await withTimeout(store.#commands.connect(), store.#connectionTimeoutMs, "Redis connect");
        await store.#mirror.start();
      });
    } catch (error) {
      store.close();
      throw error;
    }
    return store;
  }

  async revokeToken(jti: string, until: number): Promise<void> {
    const untilText = numberText(until, "until");
    return this.#write("token", jti, (context, key) => extendEntry(context, key, untilText, "token", jti));
  }

  async revokeSession(sid: string, until: number): Promise<void> {
    const untilText = numberText(until, "until");
    return this.#write("session", sid, (context, key) => extendEntry(context, key, untilText, "session", sid));
  }

  async revokeUserSessions(sub: string, mark: UserRevocationMark, until: number): Promise<void> {
    const stored = { before: numberText(mark.before, "before"), until: numberText(until, "until"), exceptSid: mark.exceptSid ?? "" };
    return this.#write("user", sub, (context, key) => advanceMark(context, key, stored, sub));
  }

  /** Answers from memory, synchronously; throws `store_unavailable` while memory may be behind Redis. */
  isRevoked(token: RevocableToken): boolean {
    return this.#mirror.isRevoked(token);
  }

  /** Prunes the memory copy only: Redis drops each entry itself when its TTL runs out. */
  prune(nowSeconds: number): Promise<number> {
    return this.#mirror.memory.prune(nowSeconds);
  }

  /** Sends PING; also fails while the store is catching up, since lookups fail then too. */
  ping(): Promise<void> {
    return orUnavailable(STORE, "revocations.ping", async () => {
      this.#mirror.assertTrusted();
      await withTimeout(this.#commands.ping(), this.#commandTimeoutMs, "PING");
    });
  }

  /** How many entries the in-memory copy holds (bounded by the live tokens they cover, once pruned). */
  get size(): number {
    return this.#mirror.memory.size;
  }

  /** {@link size}, for the `jot_revocation_mirror_entries` gauge of `/metrics`. */
  mirrorSize(): number {
    return this.size;
  }

  /** Closes both connections; afterwards every call fails with `store_unavailable`. */
  close(): void {
    this.#mirror.close();
    this.#commands.close();
  }

  /** Stores one entry in Redis (which announces it), then applies what Redis now holds to memory. */
  async #write(kind: RevocationKind, id: string, run: (context: ScriptContext, key: string) => Promise<string>): Promise<void> {
    const stored = await orUnavailable(STORE, "revocations.write", () => {
      if (this.#mirror.closed) throw new JotError("store_unavailable", `The ${STORE} is closed`);
      const context = { client: this.#commands, nowMs: this.#clock(), minTtlMs: MIN_TTL_MS, channel: this.#layout.channel };
      return withTimeout(run(context, this.#layout.key(kind, id)), this.#commandTimeoutMs, "Redis write");
    });
    this.#mirror.apply({ kind, id, value: stored });
  }
}
