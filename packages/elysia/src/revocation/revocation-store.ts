/** What revocation needs to know of a verified token. */
export interface RevocableToken {
  jti: string;
  /**
   * Login session (refresh family) id: a UUIDv7, so it also tells when the session began. Absent on
   * tokens an app mints outside a login session: a user mark covers those (their start is unknown).
   */
  sid?: string | undefined;
  sub: string;
}

/**
 * "Every session of this user that began at or before `before` (ms) is revoked, except `exceptSid`":
 * one entry per user instead of one write per token (logout everywhere, password change).
 */
export interface UserRevocationMark {
  before: number;
  exceptSid?: string | undefined;
}

/**
 * The revocation list (S-10, S-13). Entries are keyed by `jti`, session id or user id, never by token
 * string, and each lives until `until` (seconds since the epoch): the latest `exp` it can cover.
 * Every implementation passes `revocation-store.conformance.ts`.
 */
export interface RevocationStore {
  revokeToken(jti: string, until: number): Promise<void>;
  revokeSession(sid: string, until: number): Promise<void>;
  revokeUserSessions(sub: string, mark: UserRevocationMark, until: number): Promise<void>;
  /**
   * Whether the token is revoked by any entry. Synchronous where the answer is in memory,
   * which keeps the guard's hot path free of promises. Rejects/throws `store_unavailable`
   * when the store cannot answer (S-14).
   */
  isRevoked(token: RevocableToken): boolean | Promise<boolean>;
  /** Drops entries whose `until` has passed; answers how many were dropped. */
  prune(nowSeconds: number): Promise<number>;
  /** Throws when the store cannot be reached. */
  ping(): Promise<void>;
}

/** The time (ms) a UUIDv7 session id was made, or NaN for any other string. */
export function sessionStartedAt(sid: string): number {
  if (sid.length !== 36 || sid[14] !== "7") return Number.NaN;
  return Number.parseInt(sid.slice(0, 8) + sid.slice(9, 13), 16);
}

/** Whether a user mark covers the token's session. A session whose start cannot be read is covered: fail closed. */
export function markCovers(mark: UserRevocationMark, token: RevocableToken): boolean {
  if (token.sid === undefined) return true;
  if (mark.exceptSid === token.sid) return false;
  const started = sessionStartedAt(token.sid);
  return !(started > mark.before);
}
