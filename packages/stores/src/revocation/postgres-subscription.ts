import { SQL } from "bun";
import { withTimeout } from "./timeout.ts";

/** How to reach Postgres, what to listen to, and how soon to give up on it. */
export interface PostgresSubscriptionOptions {
  /** `postgres://…`. Never logged nor put in an error: it may hold a password. */
  url: string;
  channel: string;
  /** Sends a NOTIFY through the app's pool: the heartbeat proves the listening connection still hears. */
  notify: (channel: string, payload: string) => Promise<void>;
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
 * The heartbeat is a NOTIFY sent through the app's pool, so listening costs one connection only. A
 * heartbeat counts as missed only once its NOTIFY has committed: a pool busy with requests delays
 * the judgement rather than turning into a false loss and a needless reload (unless the NOTIFY
 * waits past the connection timeout).
 */
export class PostgresSubscription {
  readonly #sql: SQL;
  readonly #options: PostgresSubscriptionOptions;
  /** A channel of this subscription alone, so heartbeats of other instances are never heard here. */
  readonly #heartbeatChannel = `jot_heartbeat_${crypto.randomUUID().replaceAll("-", "")}`;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #open = true;
  #established = false;
  /** The last heartbeat whose NOTIFY has committed, and the last one heard. */
  #sent = 0;
  #heard = 0;
  #sending = false;
  #missedChecks = 0;

  private constructor(options: PostgresSubscriptionOptions) {
    this.#options = options;
    // Only LISTEN runs here, on the dedicated connection Bun opens for it; no query ever uses the pool.
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
    if (this.#sending) return; // still waiting for a pool connection: nothing to judge yet
    if (this.#heard < this.#sent) {
      // Committed but unheard over two whole checks: the connection died silently. One is not
      // enough, since after a stalled event loop the timer can run before the notification is read.
      if (++this.#missedChecks >= 2) this.#lose();
      return;
    }
    this.#missedChecks = 0;
    const next = this.#sent + 1;
    this.#sending = true;
    // Bounded: a connection that died silently would otherwise leave the heartbeat unjudged forever.
    withTimeout(this.#options.notify(this.#heartbeatChannel, String(next)), this.#options.connectionTimeoutMs, "heartbeat NOTIFY").then(
      () => {
        this.#sending = false;
        this.#sent = next;
      },
      () => this.#lose(),
    );
  }

  #lose(): void {
    if (!this.#open) return;
    this.close();
    this.#options.onLost();
  }
}
