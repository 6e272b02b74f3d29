import { JotError, MemoryRevocationStore, type RevocableToken } from "@jot/elysia/server";
import { applyEntry, parseMessage, type RevocationEntry } from "./revocation-entry.ts";
import { pause } from "./timeout.ts";

/** A subscription to a shared store's announcements, as the mirror needs it. */
export interface MirrorSubscription {
  /** Whether every announcement made since the subscription began has been delivered. */
  readonly live: boolean;
  /** Ends the subscription without reporting it lost. */
  close(): void;
}

/** The shared store a {@link SubscribedMirror} copies: how to hear its writes and how to read them all. */
export interface MirrorSource {
  /** Subscribes to the store's announcements; `onLost` is called once, when some may have been missed. */
  subscribe(handlers: { onMessage: (message: string) => void; onLost: () => void }): Promise<MirrorSubscription>;
  /** Applies every entry the store holds to `memory`. */
  loadInto(memory: MemoryRevocationStore): Promise<unknown>;
}

/** Bounds of the back-off between attempts to catch up again after a lost subscription. */
const RETRY_MIN_MS = 50;
const RETRY_MAX_MS = 1000;

/**
 * The in-memory copy of a shared revocation store (Redis, Postgres) that answers the guard with
 * no round trip, and knows when it cannot be trusted (S-14).
 *
 * It subscribes first and loads everything after, so a write is either in the load or heard of;
 * announcements are applied as they arrive. When the subscription is lost, lookups throw
 * `store_unavailable` until it has subscribed again and reloaded, which it keeps retrying by
 * itself. Entries only ever grow, so applying one twice, or on top of a reload, changes nothing.
 */
export class SubscribedMirror {
  /** The copy itself: the owner applies its own writes here and prunes it. */
  readonly memory = new MemoryRevocationStore();
  readonly #source: MirrorSource;
  readonly #unavailable: string;
  #subscription: MirrorSubscription | undefined;
  /** Memory holds everything the store held when the current subscription began, and all since. */
  #trusted = false;
  #recovering = false;
  #closed = false;

  /** @param storeName - how `store_unavailable` messages name the store. */
  constructor(source: MirrorSource, storeName: string) {
    this.#source = source;
    this.#unavailable = `The ${storeName} could not be reached`;
  }

  /** Subscribes and loads; rejects with the cause when that fails (the owner closes and reports it). */
  async start(): Promise<void> {
    this.#recovering = true; // a loss during the first load fails `start` instead
    try {
      await this.#catchUp();
    } finally {
      this.#recovering = false;
    }
  }

  /** Whether lookups can be answered now. */
  get trusted(): boolean {
    return this.#trusted && this.#subscription?.live === true;
  }

  /** Answers from memory, synchronously; throws `store_unavailable` while memory may be behind the store. */
  isRevoked(token: RevocableToken): boolean {
    if (!this.trusted) throw new JotError("store_unavailable", this.#unavailable);
    return this.memory.isRevoked(token);
  }

  /** Throws `store_unavailable` unless lookups can be answered now. */
  assertTrusted(): void {
    if (!this.trusted) throw new JotError("store_unavailable", this.#unavailable);
  }

  /** Applies an entry as the store holds it after a write of the owner's. */
  apply(entry: RevocationEntry): void {
    applyEntry(this.memory, entry);
  }

  /** Whether {@link close} was called: writes are refused from then on. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Unsubscribes for good; afterwards every lookup fails with `store_unavailable`. */
  close(): void {
    this.#closed = true;
    this.#trusted = false;
    this.#subscription?.close();
    this.#subscription = undefined;
  }

  /** Subscribes (unless still subscribed), then loads everything: announcements during the load are kept. */
  async #catchUp(): Promise<void> {
    if (!this.#subscription?.live) {
      this.#subscription?.close();
      this.#subscription = undefined;
      const subscription = await this.#source.subscribe({ onMessage: (message) => this.#receive(message), onLost: () => this.#lost() });
      if (this.#closed) return subscription.close();
      this.#subscription = subscription;
    }
    const subscription = this.#subscription;
    await this.#source.loadInto(this.memory);
    if (this.#subscription !== subscription || !subscription.live) throw new Error("subscription lost while loading");
    this.#trusted = true;
  }

  #receive(message: string): void {
    const entry = parseMessage(message);
    // An announcement we cannot read may have been a revocation: catch up from the store instead.
    if (!entry || !applyEntry(this.memory, entry)) this.#lost();
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
