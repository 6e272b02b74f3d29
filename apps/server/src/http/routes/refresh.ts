import { ROUTES, type CookieSession, type RefreshClaims, type TokenPair } from "@jot/shared";
import type { TokenLocation } from "../../config/config.ts";
import { Elysia } from "elysia";
import { JotError } from "../../errors.ts";
import type { SessionRecord } from "../../sessions/session-store.ts";
import type { TokenSubject } from "../../tokens/issue-token.ts";
import { clientAddress } from "../client-address.ts";
import { checkCsrf } from "../csrf.ts";
import { readToken } from "../read-token.ts";
import type { RouteContext } from "../route-context.ts";
import { refreshDelivery } from "../token-delivery.ts";
import { tokenPair } from "../token-pair.ts";

/**
 * `POST /auth/refresh` with a refresh token → a new, non-fresh access token and the next refresh
 * token of the session; the presented one is rotated out (S-12).
 *
 * A rotated-out token presented again within `JWT_REFRESH_REUSE_GRACE` of its rotation (two tabs
 * refreshing at once) gets the session's current refresh token and nothing is revoked; later, it
 * is reuse: the whole session is revoked and the answer is `token_revoked`.
 */
export function refreshRoute(context: RouteContext) {
  const { users, tokens, sessions, revocations, clock, config, throttles, audit, authenticate } = context;
  const graceMs = config.jwt.refreshReuseGraceSeconds * 1000;

  async function revokeFamily(session: SessionRecord, now: number, request: Request): Promise<never> {
    await sessions.revoke(session.id, session.userId, now);
    await revocations.revokeSession(session.id, session.expiresAt + config.jwt.leewaySeconds);
    audit("refresh_reuse_detected", request, { user_id: session.userId, session_id: session.id });
    throw new JotError("token_revoked");
  }

  /** Verifies the presented refresh token; refused tokens are counted per client address (S-17). */
  async function presentedClaims(request: Request, body: unknown, address: string): Promise<{ claims: RefreshClaims; location: TokenLocation }> {
    const key = `refresh:address:${address}`;
    await throttles.refreshByAddress.reserve([key], clock(), () => audit("refresh_throttled", request, { address }));
    let claims: RefreshClaims;
    let location: TokenLocation;
    try {
      const found = readToken(request, body, config.jwt.tokenLocations, "refresh", config.jwt.cookies.secure);
      location = found.location;
      claims = await authenticate(found.token, "refresh");
      if (found.location === "cookies") checkCsrf(request, claims);
    } catch (error) {
      if (error instanceof JotError && error.status === 401) audit("refresh_failed", request, { address, code: error.code });
      // A refusal that was not the token's fault (a store down, a malformed header) is not a guess.
      else await throttles.refreshByAddress.release([key], clock());
      throw error;
    }
    await throttles.refreshByAddress.release([key], clock());
    return { claims, location };
  }

  return new Elysia().post(
    ROUTES.refresh,
    async ({ request, body, server, set }): Promise<TokenPair | CookieSession> => {
      const { claims, location } = await presentedClaims(request, body, clientAddress(request, server, config.throttle.trustedProxies));
      const delivery = refreshDelivery(location);
      const session = await sessions.find(claims.sid);
      if (!session || session.userId !== claims.sub || session.revokedAt !== null) throw new JotError("token_revoked");
      const user = await users.findById(claims.sub);
      if (!user) throw new JotError("token_revoked");
      const subject: TokenSubject = { userId: user.id, username: user.username, roles: user.roles, sessionId: session.id };
      const now = clock();

      const next = tokens.refresh(subject, { expiresAt: session.expiresAt });
      const rotated = await sessions.rotate(session.id, { presentedJti: claims.jti, next: pick(next.claims), now });
      if (rotated) {
        audit("refresh", request, { user_id: user.id, session_id: session.id });
        return tokenPair(tokens, subject, { refresh: next, fresh: false, sessionExpiresAt: session.expiresAt }, { config, set, nowSeconds: now / 1000, delivery });
      }

      // Not rotated: another refresh won the race, or this token was rotated out earlier.
      const latest = (await sessions.find(session.id)) ?? session;
      if (latest.revokedAt !== null) throw new JotError("token_revoked");
      if (isWithinGrace(latest, claims, now, graceMs)) {
        const current = tokens.refresh(subject, { same: latest.current });
        return tokenPair(tokens, subject, { refresh: current, fresh: false, sessionExpiresAt: latest.expiresAt }, { config, set, nowSeconds: now / 1000, delivery });
      }
      return revokeFamily(latest, now, request);
    },
  );
}

function pick({ jti, iat, exp }: RefreshClaims) {
  return { jti, iat, exp };
}

/** The token was the one rotated out last, and that was at most the grace window ago. */
function isWithinGrace(session: SessionRecord, claims: RefreshClaims, now: number, graceMs: number): boolean {
  return session.previousJti === claims.jti && session.rotatedAt !== null && now - session.rotatedAt < graceMs;
}
