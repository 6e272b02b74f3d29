/** A login session: the family of refresh tokens descended from one login. */
export interface SessionRecord {
  id: string;
  userId: string;
  /** ms since the epoch. */
  createdAt: number;
  lastUsedAt: number;
  userAgent: string | null;
  /** The roles its tokens carry. */
  roles: string[];
  /** The app's additional claims its tokens carry. */
  additionalClaims: Record<string, unknown>;
  /** The refresh token that may be used now: its `jti`, `iat` and `exp`. */
  current: { jti: string; iat: number; exp: number };
  /** The refresh token rotated out last, and when (ms). */
  previousJti: string | null;
  rotatedAt: number | null;
  /** Absolute expiry in seconds: no refresh token of the family outlives it (S-11). */
  expiresAt: number;
  revokedAt: number | null;
}

/** A session as it begins: nothing rotated or revoked yet. */
export type NewSession = Omit<SessionRecord, "previousJti" | "rotatedAt" | "revokedAt">;

/** The refresh token that replaces the current one. */
export interface Rotation {
  presentedJti: string;
  next: { jti: string; iat: number; exp: number };
  /** ms */
  now: number;
}

/**
 * Where login sessions (refresh families) live. Every implementation passes
 * `session-store.conformance.ts`; a failure to reach the store rejects with `store_unavailable`.
 */
export interface SessionStore {
  create(session: NewSession): Promise<void>;
  find(id: string): Promise<SessionRecord | undefined>;
  /**
   * Replaces the current refresh token with the next one, only if the presented token is still the
   * current one and the session is not revoked, atomically: of two racing refreshes with the same
   * token exactly one rotates (S-12). Answers whether this call rotated.
   */
  rotate(id: string, rotation: Rotation): Promise<boolean>;
  /**
   * Honours a rotated-out refresh token once within the grace window: the token must be the one
   * rotated out last, at or after `rotatedSince` (ms), and it stops being so atomically, so a second
   * presentation (a thief following the real client) is reuse. Answers whether it was honoured.
   */
  redeemGrace(id: string, presentedJti: string, rotatedSince: number, now: number): Promise<boolean>;
  /** The user's sessions that are neither revoked nor past their absolute expiry, newest first. */
  listLive(userId: string, nowSeconds: number): Promise<SessionRecord[]>;
  /** Marks one session revoked; answers false when it was not this user's or already revoked. */
  revoke(id: string, userId: string, now: number): Promise<boolean>;
  /** Marks every session of the user revoked, but `exceptId`. */
  revokeAllOf(userId: string, now: number, exceptId?: string): Promise<void>;
  /**
   * The moment a user-wide revocation must reach: now, or the start of the user's newest session
   * if that is later — a session started by an instance whose clock runs ahead is covered too.
   */
  revocationPoint(userId: string, now: number): Promise<number>;
  /** Drops sessions past their absolute expiry; answers how many. */
  prune(nowSeconds: number): Promise<number>;
}
