/** A login session: the family of refresh tokens descended from one password login. */
export interface SessionRecord {
  id: string;
  userId: string;
  /** ms since the epoch. */
  createdAt: number;
  lastUsedAt: number;
  userAgent: string | null;
  /** The refresh token that may be used now: its `jti`, `iat` and `exp`. */
  current: { jti: string; iat: number; exp: number };
  /** The refresh token rotated out last, and when (ms). */
  previousJti: string | null;
  rotatedAt: number | null;
  /** Absolute expiry in seconds: no refresh token of the family outlives it (S-11). */
  expiresAt: number;
  revokedAt: number | null;
}

/** The refresh token that replaces the current one. */
export interface Rotation {
  presentedJti: string;
  next: { jti: string; iat: number; exp: number };
  /** ms */
  now: number;
}

/**
 * Where login sessions live. Each method that changes a session does it in one step, so that of
 * two racing calls exactly one wins (S-12); a store that cannot answer throws `store_unavailable`.
 */
export interface SessionStore {
  create(session: Omit<SessionRecord, "previousJti" | "rotatedAt" | "revokedAt">): Promise<void>;
  find(id: string): Promise<SessionRecord | undefined>;
  /**
   * Replaces the current refresh token with the next one, only if the presented token is still the
   * current one and the session is not revoked. Answers whether this call rotated.
   */
  rotate(id: string, rotation: Rotation): Promise<boolean>;
  /**
   * Honours a rotated-out refresh token once within the grace window: the token must be the one
   * rotated out last, at or after `rotatedSince` (ms); it stops being so in the same step. Answers
   * whether it was honoured.
   */
  redeemGrace(id: string, presentedJti: string, rotatedSince: number, now: number): Promise<boolean>;
  /** The user's sessions that are neither revoked nor past their absolute expiry, newest first. */
  listLive(userId: string, nowSeconds: number): Promise<SessionRecord[]>;
  /** Marks one session revoked; answers false when it was not this user's or already revoked. */
  revoke(id: string, userId: string, now: number): Promise<boolean>;
  /** Marks every session of the user revoked, but `exceptId`. */
  revokeAllOf(userId: string, now: number, exceptId?: string): Promise<void>;
  /** The moment a user-wide revocation must reach: now, or the start of the user's newest session if that is later. */
  revocationPoint(userId: string, now: number): Promise<number>;
  /** Drops sessions past their absolute expiry; answers how many. */
  prune(nowSeconds: number): Promise<number>;
}
