/**
 * What a one-time token is for. jot's server issues `password_reset` and `email_verification`;
 * an app may use its own kinds.
 */
export type OneTimeTokenKind = "password_reset" | "email_verification" | (string & {});

/** A one-time token as kept: never the token itself, only its hash (S-32). */
export interface OneTimeTokenRecord {
  /** SHA-256 of the token, hex (`hashOneTimeToken`). */
  hash: string;
  kind: OneTimeTokenKind;
  /** Whose token it is: the user's id (a token's `sub`). */
  subject: string;
  /** The address a verification token confirms; `null` for other kinds. */
  email: string | null;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/**
 * Where one-time tokens live. `replace` keeps one live token per subject and kind: a new request
 * makes the previous token useless. `take` answers a token once and removes it in the same step, so
 * two redemptions racing with one token never both succeed.
 */
export interface OneTimeTokenStore {
  /** Stores `record`, removing every other token of its subject and kind. */
  replace(record: OneTimeTokenRecord): Promise<void>;
  /** Removes and answers the token of this hash and kind, expired or not; `undefined` when there is none. */
  take(hash: string, kind: OneTimeTokenKind): Promise<OneTimeTokenRecord | undefined>;
  /** Removes every token of `subject` of this kind (a password changed another way). */
  discard(subject: string, kind: OneTimeTokenKind): Promise<void>;
  /** Drops tokens expired before `now` (ms). */
  prune(now: number): Promise<void>;
}
