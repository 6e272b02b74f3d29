import type { Clock } from "../clock.ts";
import type { RevocationStore } from "../revocation/revocation-store.ts";
import type { SessionStore } from "./session-store.ts";

/**
 * Ending login sessions, in one place: the sessions table and the revocation store are written
 * together, always in the same order (revocations first: a store failure between the two leaves the
 * session refused, never alive), with one horizon for how long an entry is kept.
 */
export class SessionService {
  constructor(
    private readonly sessions: SessionStore,
    private readonly revocations: RevocationStore,
    private readonly clock: Clock,
    private readonly lifetime: { refreshTtlSeconds: number; leewaySeconds: number },
  ) {}

  /**
   * How long (seconds) a revocation made at `fromMs` must be kept: no session outlives one refresh
   * lifetime from then, and a token is still accepted for the leeway past its `exp`.
   */
  horizon(fromMs: number): number {
    return Math.ceil(fromMs / 1000) + this.lifetime.refreshTtlSeconds + this.lifetime.leewaySeconds;
  }

  /** Ends one session of `userId`: its refresh family and every access token descended from it. */
  async end(sessionId: string, userId: string): Promise<void> {
    const now = this.clock();
    await this.revocations.revokeSession(sessionId, this.horizon(now));
    await this.sessions.revoke(sessionId, userId, now);
  }

  /** Ends every session of `userId` begun until now, except `exceptSessionId` (logout everywhere, password change). */
  async endAll(userId: string, exceptSessionId?: string): Promise<void> {
    const now = this.clock();
    const before = await this.sessions.revocationPoint(userId, now);
    await this.revocations.revokeUserSessions(userId, { before, exceptSid: exceptSessionId }, this.horizon(before));
    await this.sessions.revokeAllOf(userId, now, exceptSessionId);
  }

  /** Revokes one access token until it expires. */
  revokeToken(jti: string, exp: number): Promise<void> {
    return this.revocations.revokeToken(jti, exp + this.lifetime.leewaySeconds);
  }
}
