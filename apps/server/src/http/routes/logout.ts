import { LogoutBodySchema, ROUTES, type MessageResponse } from "@jot/shared";
import { Elysia } from "elysia";
import { cookieTransport, JotError } from "@jot/elysia/server";
import { parseInput } from "../parse-input.ts";
import { UnreadableBody } from "../read-body.ts";
import type { RouteContext } from "../route-context.ts";
import { guarded, ROUTE_DOCS } from "../../openapi/route-docs.ts";
import { clearedTokenCookies } from "../token-cookies.ts";

/** Refresh tokens that can no longer be used need no revoking. */
const ALREADY_ENDED = new Set(["token_expired", "token_revoked"]);

/**
 * `DELETE /auth/logout` → the access token and its whole login session are revoked (S-13),
 * and so is the session of a `refresh_token` given in the body, which must be the caller's.
 * The caller's session ends first (S-28): a body that cannot be read or is of the wrong shape
 * (400, 413), or a `refresh_token` that is not good, is reported, but the caller is logged out
 * either way. The app reads this route's body without refusing it, so the guard still runs.
 */
export function logoutRoute({ auth, config, audit }: RouteContext) {
  /** The session a refresh token belongs to, or `undefined` when it cannot be used anyway. */
  async function sessionOf(refreshToken: string, userId: string): Promise<string | undefined> {
    try {
      const claims = await auth.authenticate(refreshToken, "refresh");
      if (claims.sub !== userId) throw new JotError("invalid_request", "refresh_token belongs to another user");
      return claims.sid;
    } catch (error) {
      // A store that cannot answer is an outage (503), not a bad refresh_token.
      if (!(error instanceof JotError) || error.code === "invalid_request" || error.code === "store_unavailable") throw error;
      if (ALREADY_ENDED.has(error.code)) return undefined;
      throw new JotError("invalid_request", `refresh_token is not valid: ${error.message}`);
    }
  }

  return new Elysia().use(auth).delete(
    ROUTES.logout,
    async ({ claims, body, request, set }): Promise<MessageResponse> => {
      await auth.revoke(claims);
      await auth.endSession(claims);
      if (cookieTransport(config.jwt.tokenLocations)) set.headers["set-cookie"] = clearedTokenCookies(config.jwt.cookies);
      audit("logout", request, { user_id: claims.sub, session_id: claims.sid });

      // Only now is the body looked at: a bad one is refused, but the caller is logged out already.
      if (body instanceof UnreadableBody) throw body.refusal;
      const input = body === undefined ? {} : parseInput(LogoutBodySchema, body);
      const other = input.refresh_token === undefined ? undefined : await sessionOf(input.refresh_token, claims.sub);
      if (other !== undefined && other !== claims.sid) await auth.endSession({ sid: other, sub: claims.sub });
      return { msg: "Access token revoked" };
    },
    guarded("access", ROUTE_DOCS.logout),
  );
}
