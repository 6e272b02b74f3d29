import type { Clock } from "../clock.ts";
import { JotError } from "../errors/jot-error.ts";
import type { ErrorLog } from "../logging/error-log.ts";
import { hashOneTimeToken, newOneTimeToken, sameTokenHash } from "./one-time-token.ts";
import type { OneTimeTokenKind, OneTimeTokenRecord, OneTimeTokenStore } from "./one-time-token-store.ts";

/** Whom a one-time token is for, as the delivery hook is told. */
export interface OneTimeTokenUser {
  id: string;
  username?: string;
  /** Where the token may be sent: the verified email for a reset, the address to confirm for a verification; `null` when none. */
  email: string | null;
}

/** What the `deliver` hook is given: the token in the clear, once, to send to its user. */
export interface OneTimeTokenDelivery {
  kind: OneTimeTokenKind;
  user: OneTimeTokenUser;
  token: string;
  expiresAt: Date;
}

/** Sends a one-time token to its user (a mail, a webhook); runs after the request has been answered. */
export type DeliverOneTimeToken = (delivery: OneTimeTokenDelivery) => void | Promise<void>;

/** A token just issued: the token in the clear (never stored) and when it stops working. */
export interface IssuedOneTimeToken {
  token: string;
  expiresAt: Date;
}

/** What a redeemed token was for. */
export type RedeemedOneTimeToken = Pick<OneTimeTokenRecord, "kind" | "subject" | "email">;

/**
 * One-time tokens (S-32): password resets, email verifications, an app's own links. Each is random,
 * stored only as its hash, single-use, short-lived, and one per user and kind (issuing another ends
 * the first). A token is found by its hash and the hashes are then compared in constant time, so
 * neither the lookup nor the comparison tells how much of a guess was right.
 */
export class OneTimeTokens {
  /** Deliveries under way, so a caller (a test, a shutdown) can wait for them. */
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly store: OneTimeTokenStore,
    private readonly clock: Clock,
    private readonly options: {
      /** How long a token works. */
      lifetimeSeconds: number;
      /** Where a token goes once issued; without it, the caller hands the token over itself. */
      deliver?: DeliverOneTimeToken;
      /** Where a delivery that threw is reported (`delivery_error`), never with the token. */
      logError: ErrorLog;
    },
  ) {}

  /**
   * Issues a token of `kind` for `user`, ending the user's previous one of that kind, and hands it
   * to the `deliver` hook without waiting for it: a slow or failing delivery never holds up or fails
   * the request. For a verification, `user.email` is the address it confirms.
   */
  async issue(kind: OneTimeTokenKind, user: OneTimeTokenUser): Promise<IssuedOneTimeToken> {
    const token = newOneTimeToken();
    const expiresAt = this.clock() + this.options.lifetimeSeconds * 1000;
    await this.store.replace({ hash: hashOneTimeToken(token)!, kind, subject: user.id, email: kind === "email_verification" ? user.email : null, expiresAt });
    const issued = { token, expiresAt: new Date(expiresAt) };
    const { deliver } = this.options;
    if (deliver) this.track(Promise.resolve().then(() => deliver({ kind, user, ...issued })));
    return issued;
  }

  /**
   * Redeems a token of `kind`: answers what it was for and removes it, whatever happens next.
   * A wrong, used, expired or malformed token is 400 `invalid_reset_token`.
   */
  async redeem(token: unknown, kind: OneTimeTokenKind): Promise<RedeemedOneTimeToken> {
    const hash = hashOneTimeToken(token);
    const record = hash === undefined ? undefined : await this.store.take(hash, kind);
    if (record === undefined || !sameTokenHash(record.hash, hash!) || record.expiresAt <= this.clock()) throw new JotError("invalid_reset_token");
    return { kind: record.kind, subject: record.subject, email: record.email };
  }

  /** Ends the subject's live token of `kind`, if any (its password was set another way). */
  discard(subject: string, kind: OneTimeTokenKind): Promise<void> {
    return this.store.discard(subject, kind);
  }

  /** Resolves once every delivery begun so far has finished, delivered or not. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  private track(delivery: Promise<void>): void {
    const tracked = delivery.then(
      () => undefined,
      (error: unknown) => this.options.logError("delivery_error", error),
    );
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }
}
