import { LogoutBodySchema, ROUTES, type MessageResponse } from "@jot/shared";
import { Elysia } from "elysia";
import { JotError } from "../../errors.ts";
import { parseInput } from "../parse-input.ts";
import type { RouteContext } from "../route-context.ts";
import { clearedTokenCookies } from "../token-cookies.ts";

/** Refresh tokens that can no longer be used need no revoking. */
const ALREADY_ENDED = new Set(["token_expired", "token_revoked"]);

/**
 * `DELETE /auth/logout` → the access token and its whole login session are revoked (S-13),
 * and so is the session of a `refresh_token` given in the body, which must be the caller's.
 */
export function logoutRoute({ auth, revocations, sessions, verifyToken, config, clock, audit }: RouteContext) {
  const leeway = config.jwt.leewaySeconds;

  /** The session a refresh token belongs to, or `undefined` when it cannot be used anyway. */
  function sessionOf(refreshToken: string, userId: string): string | undefined {
    try {
      const claims = verifyToken(refreshToken, "refresh");
      if (claims.sub !== userId) throw new JotError("invalid_request", "refresh_token belongs to another user");
      return claims.sid;
    } catch (error) {
      if (!(error instanceof JotError) || error.code === "invalid_request") throw error;
      if (ALREADY_ENDED.has(error.code)) return undefined;
      throw new JotError("invalid_request", `refresh_token is not valid: ${error.message}`);
    }
  }

  return new Elysia().use(auth).delete(
    ROUTES.logout,
    async ({ claims, body, request, set }): Promise<MessageResponse> => {
      const input = body === undefined ? {} : parseInput(LogoutBodySchema, body);
      const ended = new Set([claims.sid]);
      const other = input.refresh_token === undefined ? undefined : sessionOf(input.refresh_token, claims.sub);
      if (other !== undefined) ended.add(other);
      // A session lives at most one refresh lifetime from now; its entry need not outlive that.
      const now = clock();
      const sessionsUntil = Math.ceil(now / 1000) + config.jwt.refreshTtlSeconds + leeway;
      await revocations.revokeToken(claims.jti, claims.exp + leeway);
      for (const sid of ended) {
        await revocations.revokeSession(sid, sessionsUntil);
        await sessions.revoke(sid, claims.sub, now);
      }
      if (config.jwt.tokenLocations.includes("cookies")) set.headers["set-cookie"] = clearedTokenCookies(config.jwt.cookies);
      audit("logout", request, { user_id: claims.sub, session_id: claims.sid });
      return { msg: "Access token revoked" };
    },
    { auth: "access" },
  );
}
