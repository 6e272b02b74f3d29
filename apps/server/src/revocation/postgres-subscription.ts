import { SQL } from "bun";
import { withTimeout } from "./timeout.ts";

/** How to reach Postgres, what to listen to, and how soon to give up on it. */
export interface PostgresSubscriptionOptions {
  /** `postgres://…`. Never logged nor put in an error: it may hold a password. */
  url: string;
  channel: string;
  connectionTimeoutMs: number;
  /** How often a heartbeat is sent; one unheard over two further checks counts as lost. */
  heartbeatMs: number;
  onMessage: (payload: string) => void;
  /** Called once, when notifications may have been missed since (the connection closed, reconnected or went silent). */
  onLost: () => void;
}

/**
 * One LISTEN on a connection of its own, that says when it may have missed a notification.
 * Bun's `sql.listen()` reconnects and re-subscribes by itself, but whatever was sent in between
 * is gone: so a close (`onclose`), a second `onlisten` (a reconnect) or a heartbeat that does not
 * come back counts as lost, and the owner opens a new subscription and reloads instead.
 *
 * The heartbeat is a NOTIFY sent through a second connection of the subscription's own (never the
 * app's pool, where busy request traffic could delay it into a false loss and a needless reload).
 */
export class PostgresSubscription {
  readonly #sql: SQL;
  readonly #options: PostgresSubscriptionOptions;
  /** A channel of this subscription alone, so heartbeats of other instances are never heard here. */
  readonly #heartbeatChannel = `jot_heartbeat_${crypto.randomUUID().replaceAll("-", "")}`;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #open = true;
  #established = false;
  #sent = 0;
  #heard = 0;
  #missedChecks = 0;

  private constructor(options: PostgresSubscriptionOptions) {
    this.#options = options;
    // One connection for the heartbeat's queries; the LISTEN has a dedicated one besides.
    this.#sql = new SQL(options.url, {
      max: 1,
      idleTimeout: 0,
      connectionTimeout: Math.max(1, Math.ceil(options.connectionTimeoutMs / 1000)),
      onclose: () => this.#lose(),
    });
  }

  /** Connects and listens; rejects (leaving nothing open) when Postgres cannot be reached. */
  static async open(options: PostgresSubscriptionOptions): Promise<PostgresSubscription> {
    const subscription = new PostgresSubscription(options);
    try {
      await subscription.#listen();
    } catch (error) {
      subscription.close();
      throw error;
    }
    return subscription;
  }

  /** Whether every notification sent since the subscription began has been delivered. */
  get live(): boolean {
    return this.#open;
  }

  /** Ends the subscription without reporting it lost. */
  close(): void {
    this.#open = false;
    clearInterval(this.#heartbeat);
    void this.#sql.close().catch(() => undefined);
  }

  async #listen(): Promise<void> {
    const { channel, connectionTimeoutMs, onMessage } = this.#options;
    // Every registration shares the one connection; an `onlisten` after the first is a reconnect.
    const onListen = () => void (this.#established && this.#lose());
    await withTimeout(this.#sql.listen(channel, onMessage, onListen), connectionTimeoutMs, "LISTEN");
    await withTimeout(this.#sql.listen(this.#heartbeatChannel, (payload) => this.#hear(payload), onListen), connectionTimeoutMs, "LISTEN");
    if (!this.#open) throw new Error("Postgres connection lost while listening");
    this.#established = true;
    this.#heartbeat = setInterval(() => this.#check(), this.#options.heartbeatMs);
    this.#heartbeat.unref();
  }

  #hear(payload: string): void {
    this.#heard = Math.max(this.#heard, Number(payload) || 0);
  }

  #check(): void {
    if (this.#heard < this.#sent) {
      // Unheard over two whole checks: the connection died silently. One is not enough, since
      // after a stalled event loop the timer can run before the notification is read.
      if (++this.#missedChecks >= 2) this.#lose();
      return;
    }
    this.#missedChecks = 0;
    this.#sql.notify(this.#heartbeatChannel, String(++this.#sent)).catch(() => this.#lose());
  }

  #lose(): void {
    if (!this.#open) return;
    this.close();
    this.#options.onLost();
  }
}
