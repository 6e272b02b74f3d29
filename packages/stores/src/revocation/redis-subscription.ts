import { RedisClient } from "bun";
import { withTimeout } from "./timeout.ts";

/** How to reach Redis and how soon to give up on it. */
export interface RedisSubscriptionOptions {
  url: string;
  channel: string;
  connectionTimeoutMs: number;
  /** How often the connection is checked with PING; a PING unanswered over two further checks counts as lost. */
  heartbeatMs: number;
  onMessage: (message: string) => void;
  /** Called once, when messages may have been missed since (the connection is gone or silent). */
  onLost: () => void;
}

/**
 * One pub/sub subscription on its own connection, that says when it may have missed a message.
 * Each subscription is a fresh client without auto-reconnect: Bun's reconnect restores the socket
 * but not the server-side SUBSCRIBE (the client still believes it is subscribed, and nothing
 * arrives), and raises no event when the connection drops. The owner opens a new subscription
 * instead, and catches up from Redis.
 */
export class RedisSubscription {
  readonly #client: RedisClient;
  readonly #onLost: () => void;
  readonly #heartbeat: ReturnType<typeof setInterval>;
  #open = true;
  #pingPending = false;
  #missedChecks = 0;

  private constructor(client: RedisClient, options: RedisSubscriptionOptions) {
    this.#client = client;
    this.#onLost = options.onLost;
    client.onclose = () => this.#lose();
    this.#heartbeat = setInterval(() => this.#check(), options.heartbeatMs);
    this.#heartbeat.unref();
  }

  /** Connects and subscribes; rejects (leaving nothing open) when Redis cannot be reached. */
  static async open(options: RedisSubscriptionOptions): Promise<RedisSubscription> {
    const client = new RedisClient(options.url, {
      connectionTimeout: options.connectionTimeoutMs,
      autoReconnect: false,
      enableOfflineQueue: false,
    });
    try {
      await withTimeout(client.connect(), options.connectionTimeoutMs, "Redis connect");
      await withTimeout(client.subscribe(options.channel, (message) => options.onMessage(message)), options.connectionTimeoutMs, "SUBSCRIBE");
      // The connection may have dropped before `onclose` was ours to hear.
      if (!client.connected) throw new Error("Redis connection lost while subscribing");
    } catch (error) {
      client.close();
      throw error;
    }
    return new RedisSubscription(client, options);
  }

  /** Whether every message published since the subscription began has been delivered. */
  get live(): boolean {
    return this.#open && this.#client.connected;
  }

  /** Ends the subscription without reporting it lost. */
  close(): void {
    this.#open = false;
    clearInterval(this.#heartbeat);
    this.#client.close();
  }

  #check(): void {
    if (!this.#client.connected) return this.#lose();
    if (this.#pingPending) {
      // Unanswered over two whole checks: the connection died silently (no FIN/RST). One is not
      // enough, since after a stalled event loop the timer can run before the reply is read.
      if (++this.#missedChecks >= 2) this.#lose();
      return;
    }
    this.#pingPending = true;
    this.#missedChecks = 0;
    this.#client.ping().then(
      () => void (this.#pingPending = false),
      () => this.#lose(),
    );
  }

  #lose(): void {
    if (!this.#open) return;
    this.close();
    this.#onLost();
  }
}
