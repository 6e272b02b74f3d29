import type { RefreshClaims } from "@jot/shared";
import type { Clock } from "../clock.ts";
import { JotError } from "../errors/jot-error.ts";
import { revokedUntil } from "../revocation/revocation-horizon.ts";
import type { RevocationStore } from "../revocation/revocation-store.ts";
import type { IssuedToken } from "../tokens/issue-token.ts";
import type { NewSession, SessionRecord, SessionStore } from "./session-store.ts";

/** Signs the session's next refresh token, or (with `same`) its current one again. */
export type SignRefresh = (session: SessionRecord, same?: { jti: string; exp: number }) => Promise<IssuedToken<RefreshClaims>>;

/** What a presented refresh token got: the session's next token, or within the grace window its current one. */
export interface Redemption {
  session: SessionRecord;
  refresh: IssuedToken<RefreshClaims>;
  outcome: "rotated" | "grace";
}

/** How long sessions and their tokens live, and how many one user keeps. */
export interface SessionPolicy {
  refreshTtlSeconds: number;
  leewaySeconds: number;
  /** How long a rotated-out refresh token is honoured once more. */
  reuseGraceSeconds: number;
  maxSessions: number;
  /** A session not refreshed for this long cannot refresh; `undefined` or `Infinity`: no idle limit. */
  idleTimeoutSeconds?: number | undefined;
}

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
    private readonly lifetime: SessionPolicy,
  ) {}

  /**
   * Starts a login session. A user has at most `maxSessions` live ones: when this one would
   * exceed that, the oldest end. Answers the ids of the sessions ended.
   */
  async begin(session: NewSession): Promise<string[]> {
    await this.sessions.create(session);
    const live = await this.sessions.listLive(session.userId, this.clock() / 1000);
    const ended = live.filter(({ id }) => id !== session.id).slice(this.lifetime.maxSessions - 1).map(({ id }) => id);
    for (const id of ended) await this.end(id, session.userId);
    return ended;
  }

  /**
   * Redeems a verified refresh token (S-12): the presented token is rotated out for the session's
   * next one, in one conditional statement, so of two racing refreshes exactly one rotates. A
   * token rotated out less than the grace window ago (two tabs refreshing at once) gets the session's
   * current token signed again, once, and revokes nothing; again, or later, it is reuse, and the
   * whole session ends. A session unused for the idle timeout ends instead of refreshing.
   * `onReuse` is told before `token_revoked` is thrown.
   */
  async redeem(presented: { sid: string; sub: string; jti: string }, sign: SignRefresh, onReuse: (session: SessionRecord) => void): Promise<Redemption> {
    const session = await this.sessions.find(presented.sid);
    if (!session || session.userId !== presented.sub || session.revokedAt !== null) throw new JotError("token_revoked");
    const now = this.clock();
    const idleMs = (this.lifetime.idleTimeoutSeconds ?? Number.POSITIVE_INFINITY) * 1000;
    if (now - session.lastUsedAt >= idleMs) {
      await this.end(session.id, session.userId);
      throw new JotError("token_expired", "Session has been idle too long");
    }
    const next = await sign(session);
    const { jti, iat, exp } = next.claims;
    if (await this.sessions.rotate(session.id, { presentedJti: presented.jti, next: { jti, iat, exp }, now })) {
      return { session, refresh: next, outcome: "rotated" };
    }
    // Not rotated: another refresh won the race, or this token was rotated out earlier.
    const latest = (await this.sessions.find(session.id)) ?? session;
    if (latest.revokedAt !== null) throw new JotError("token_revoked");
    if (await this.sessions.redeemGrace(latest.id, presented.jti, now - this.lifetime.reuseGraceSeconds * 1000, now)) {
      return { session: latest, refresh: await sign(latest, { jti: latest.current.jti, exp: latest.current.exp }), outcome: "grace" };
    }
    await this.end(latest.id, latest.userId);
    onReuse(latest);
    throw new JotError("token_revoked");
  }


  /**
   * How long (seconds) a revocation made at `fromMs` must be kept: no session outlives one refresh
   * lifetime from then, and a token is still accepted for the leeway past its `exp`.
   */
  horizon(fromMs: number): number {
    return revokedUntil(Math.ceil(fromMs / 1000) + this.lifetime.refreshTtlSeconds, this.lifetime.leewaySeconds);
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
    return this.revocations.revokeToken(jti, revokedUntil(exp, this.lifetime.leewaySeconds));
  }
}
