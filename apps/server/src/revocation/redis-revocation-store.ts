import { RedisClient } from "bun";
import type { Clock } from "../clock.ts";
import { orUnavailable } from "../db/store-failure.ts";
import { JotError } from "../errors.ts";
import { MemoryRevocationStore } from "./memory-revocation-store.ts";
import { RedisRevocationLayout } from "./redis-revocation-codec.ts";
import { applyEntry, numberText, parseMessage, type RevocationKind } from "./revocation-entry.ts";
import { advanceMark, extendEntry, type ScriptContext } from "./redis-revocation-scripts.ts";
import { loadSnapshot } from "./redis-revocation-snapshot.ts";
import { RedisSubscription } from "./redis-subscription.ts";
import { pause, withTimeout } from "./timeout.ts";
import type { RevocableToken, RevocationStore, UserRevocationMark } from "./revocation-store.ts";

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
/** Bounds of the back-off between attempts to catch up again after a lost subscription. */
const RETRY_MIN_MS = 50;
const RETRY_MAX_MS = 1000;
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
  readonly #memory = new MemoryRevocationStore();
  readonly #layout: RedisRevocationLayout;
  readonly #commands: RedisClient;
  readonly #url: string;
  readonly #clock: Clock;
  readonly #connectionTimeoutMs: number;
  readonly #commandTimeoutMs: number;
  readonly #heartbeatMs: number;
  #subscription: RedisSubscription | undefined;
  /** Memory holds everything Redis held when the current subscription began, and all since. */
  #trusted = false;
  #recovering = false;
  #closed = false;

  private constructor(options: RedisRevocationStoreOptions) {
    this.#url = options.url;
    this.#clock = options.clock;
    this.#layout = new RedisRevocationLayout(options.prefix ?? "jot:");
    this.#connectionTimeoutMs = options.connectionTimeoutMs ?? 1500;
    this.#commandTimeoutMs = options.commandTimeoutMs ?? 2000;
    this.#heartbeatMs = options.heartbeatMs ?? 1000;
    // Writes need no event on a lost connection: Bun reconnects on its own, and a write meanwhile
    // fails at once (no offline queue) instead of waiting for Redis to come back.
    this.#commands = new RedisClient(options.url, {
      connectionTimeout: this.#connectionTimeoutMs,
      autoReconnect: true,
      maxRetries: FOREVER_RETRIES,
      enableOfflineQueue: false,
    });
  }

  /**
   * Connects, subscribes and loads every entry; resolves once the store can answer. Rejects
   * with `store_unavailable` (leaving nothing open) when Redis cannot be reached, and with the
   * client's own error for a URL it cannot parse (which never repeats the URL).
   */
  static async connect(options: RedisRevocationStoreOptions): Promise<RedisRevocationStore> {
    const store = new RedisRevocationStore(options);
    store.#recovering = true; // a loss during the first load fails `connect` instead
    try {
      await orUnavailable(STORE, "revocations.connect", async () => {
        // With auto-reconnect, `connect()` keeps trying and never rejects while Redis is down.
        await withTimeout(store.#commands.connect(), store.#connectionTimeoutMs, "Redis connect");
        await store.#catchUp();
      });
    } catch (error) {
      store.close();
      throw error;
    } finally {
      store.#recovering = false;
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
    if (!this.#trusted || !this.#subscription?.live) throw new JotError("store_unavailable", `The ${STORE} could not be reached`);
    return this.#memory.isRevoked(token);
  }

  /** Prunes the memory copy only: Redis drops each entry itself when its TTL runs out. */
  prune(nowSeconds: number): Promise<number> {
    return this.#memory.prune(nowSeconds);
  }

  /** Sends PING; also fails while the store is catching up, since lookups fail then too. */
  ping(): Promise<void> {
    return orUnavailable(STORE, "revocations.ping", async () => {
      if (!this.#trusted) throw new JotError("store_unavailable", `The ${STORE} could not be reached`);
      await withTimeout(this.#commands.ping(), this.#commandTimeoutMs, "PING");
    });
  }

  /** How many entries the in-memory copy holds (bounded by the live tokens they cover, once pruned). */
  get size(): number {
    return this.#memory.size;
  }

  /** Closes both connections; afterwards every call fails with `store_unavailable`. */
  close(): void {
    this.#closed = true;
    this.#trusted = false;
    this.#subscription?.close();
    this.#subscription = undefined;
    this.#commands.close();
  }

  /** Stores one entry in Redis (which announces it), then applies what Redis now holds to memory. */
  async #write(kind: RevocationKind, id: string, run: (context: ScriptContext, key: string) => Promise<string>): Promise<void> {
    const stored = await orUnavailable(STORE, "revocations.write", () => {
      if (this.#closed) throw new JotError("store_unavailable", `The ${STORE} is closed`);
      const context = { client: this.#commands, nowMs: this.#clock(), minTtlMs: MIN_TTL_MS, channel: this.#layout.channel };
      return withTimeout(run(context, this.#layout.key(kind, id)), this.#commandTimeoutMs, "Redis write");
    });
    applyEntry(this.#memory, { kind, id, value: stored });
  }

  /** Subscribes (unless still subscribed), then loads everything: messages during the load are kept. */
  async #catchUp(): Promise<void> {
    if (!this.#subscription?.live) {
      this.#subscription?.close();
      this.#subscription = undefined;
      const subscription = await RedisSubscription.open({
        url: this.#url,
        channel: this.#layout.channel,
        connectionTimeoutMs: this.#connectionTimeoutMs,
        heartbeatMs: this.#heartbeatMs,
        onMessage: (message) => this.#receive(message),
        onLost: () => this.#lost(),
      });
      if (this.#closed) return subscription.close();
      this.#subscription = subscription;
    }
    const subscription = this.#subscription;
    await loadSnapshot(this.#commands, this.#layout, this.#memory, this.#commandTimeoutMs);
    if (this.#subscription !== subscription || !subscription.live) throw new Error("Redis subscription lost while loading");
    this.#trusted = true;
  }

  #receive(message: string): void {
    const entry = parseMessage(message);
    // A message we cannot read may have been a revocation: catch up from Redis instead.
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
