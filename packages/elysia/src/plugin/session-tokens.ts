import type { AccessClaims, RefreshClaims } from "@jot/shared";
import type { Clock } from "../clock.ts";
import { JotError } from "../errors/jot-error.ts";
import type { SessionService } from "../sessions/session-service.ts";
import type { SessionRecord } from "../sessions/session-store.ts";
import type { IssuedToken, TokenIssuer, TokenSubject } from "../tokens/issue-token.ts";

/** What `createTokens` and `refreshTokens` answer: the session's access and refresh tokens and its id. */
export interface SessionTokenPair {
  access_token: string;
  refresh_token: string;
  session_id: string;
}

/** Options of `createTokens`. */
export interface SessionTokenOptions<Extra extends object = Record<string, unknown>> {
  /** The app's own claims, added to what the `additionalClaims` hook gives (these win); every token of the session carries them. */
  additionalClaims?: Partial<Extra> & Record<string, unknown>;
  /** Every token of the session carries them. */
  roles?: readonly string[];
  /** The first access token is fresh (straight from a password login); those a refresh makes never are. @default false */
  fresh?: boolean;
}

/** What a server that keeps more with its sessions gives when one starts. */
export interface SessionStart {
  /** Put into every token as `username`. */
  username?: string;
  /** Kept with the session, for listing. */
  userAgent?: string | null;
  /** When the session began (ms); a server that begins it before checking the password says so. @default now */
  startedAt?: number;
}

/** A session's tokens with their claims. */
export interface IssuedSession {
  session: SessionRecord;
  access: IssuedToken<AccessClaims>;
  refresh: IssuedToken<RefreshClaims>;
}

/** What a rotation may take from elsewhere than the session, and whom to tell of a reuse. */
export interface RotationOptions {
  /** The user's roles now, instead of those the session began with. */
  roles?: readonly string[];
  username?: string;
  /** Told before `token_revoked` is thrown for a reused refresh token. */
  onReuse?: (session: SessionRecord) => void;
}

/** The claims of a refresh token: what redeeming it needs (a guarded handler's `claims` on a `"refresh"` route). */
export interface RedeemedClaims {
  type: string;
  sub: string;
  jti: string;
  sid?: string | undefined;
}

/** The claims of a token of a session: what ending it needs. */
export interface SessionClaimsOf {
  sid?: string | undefined;
  sub: string;
}

/**
 * Login sessions as tokens: one refresh family per `createTokens`, rotated by `refreshTokens` under
 * the session service's policy (reuse detection, the grace window, the idle timeout, the session
 * limit) and ended by `endSession`. The one place both `jot()` apps and the standalone server's
 * routes start, rotate and end sessions.
 */
export function sessionTokens(deps: {
  tokens: TokenIssuer;
  service: SessionService;
  clock: Clock;
  refreshTtlSeconds: number;
  /** The app's claims for a new session: the hook's and the explicit ones, checked. */
  additionalClaims: (identity: string, explicit: Record<string, unknown> | undefined) => Promise<Record<string, unknown>>;
}) {
  const { tokens, service, clock, refreshTtlSeconds } = deps;

  /** Starts a session; answers its first tokens and the ids of the sessions the limit ended. */
  async function start(
    identity: string,
    { roles = [], additionalClaims, fresh = false }: SessionTokenOptions,
    { username, userAgent = null, startedAt = clock() }: SessionStart = {},
  ): Promise<IssuedSession & { ended: string[] }> {
    if (typeof identity !== "string" || identity === "") throw new TypeError("identity must be a non-empty string (the token's sub)");
    const claims = await deps.additionalClaims(identity, additionalClaims);
    const subject: TokenSubject = { userId: identity, roles, username, sessionId: Bun.randomUUIDv7("hex", startedAt) };
    const expiresAt = Math.floor(startedAt / 1000) + refreshTtlSeconds;
    const refresh = await tokens.refresh(subject, { additionalClaims: claims, expiresAt });
    const { jti, iat, exp } = refresh.claims;
    const session = {
      id: subject.sessionId as string,
      userId: identity,
      createdAt: startedAt,
      lastUsedAt: startedAt,
      userAgent,
      roles: [...roles],
      additionalClaims: claims,
      current: { jti, iat, exp },
      expiresAt,
    };
    const ended = await service.begin(session);
    const access = await tokens.access(subject, { fresh, additionalClaims: claims, expiresAt });
    return { session: { ...session, previousJti: null, rotatedAt: null, revokedAt: null }, access, refresh, ended };
  }

  /**
   * Redeems a verified refresh token: the session's next refresh token (or within the grace window
   * its current one again) and a new access token, never fresh, with the session's roles and claims.
   */
  async function rotate(refreshClaims: RedeemedClaims, options: RotationOptions = {}): Promise<IssuedSession & { outcome: "rotated" | "grace" }> {
    // An access token's jti is never the session's refresh token: redeeming one would end the session as reuse.
    if (refreshClaims?.type !== "refresh" || typeof refreshClaims.jti !== "string") {
      throw new TypeError("refreshTokens(claims): expected a refresh token's claims (a route guarded with auth: \"refresh\")");
    }
    // A good refresh token made by createRefreshToken: the client's token, not the caller's mistake.
    if (typeof refreshClaims.sid !== "string") throw new JotError("invalid_token", "Token belongs to no session");
    const subjectOf = (session: SessionRecord): TokenSubject => ({
      userId: session.userId,
      roles: options.roles ?? session.roles,
      username: options.username,
      sessionId: session.id,
    });
    const { session, refresh, outcome } = await service.redeem(
      { sid: refreshClaims.sid, sub: refreshClaims.sub, jti: refreshClaims.jti },
      (current, same) =>
        tokens.refresh(subjectOf(current), { additionalClaims: current.additionalClaims, ...(same ? { same } : { expiresAt: current.expiresAt }) }),
      (reused) => options.onReuse?.(reused),
    );
    const access = await tokens.access(subjectOf(session), { fresh: false, additionalClaims: session.additionalClaims, expiresAt: session.expiresAt });
    return { session, access, refresh, outcome };
  }

  /** Ends the session a token belongs to: every token of it is refused from now on. */
  async function end(claims: SessionClaimsOf): Promise<void> {
    if (typeof claims?.sid !== "string" || claims.sid === "" || typeof claims.sub !== "string") {
      throw new TypeError("endSession(claims): expected the claims of a token made by createTokens, with its sid");
    }
    await service.end(claims.sid, claims.sub);
  }

  const pairOf = ({ session, access, refresh }: IssuedSession): SessionTokenPair => ({
    access_token: access.token,
    refresh_token: refresh.token,
    session_id: session.id,
  });

  return {
    start,
    rotate,
    end,
    createTokens: async (identity: string, options: SessionTokenOptions = {}) => pairOf(await start(identity, options)),
    refreshTokens: async (refreshClaims: RedeemedClaims) => pairOf(await rotate(refreshClaims)),
  };
}

/** The session calls of one `jot()` instance. */
export type SessionTokens = ReturnType<typeof sessionTokens>;
