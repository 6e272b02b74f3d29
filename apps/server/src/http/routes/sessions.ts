import { ROUTES, type MessageResponse, type SessionsResponse } from "@jot/shared";
import { Elysia } from "elysia";
import { JotError } from "../../errors.ts";
import type { RouteContext } from "../route-context.ts";

/**
 * `GET /auth/sessions` lists the caller's live sessions; `DELETE /auth/sessions/:id` ends one;
 * `DELETE /auth/sessions` ends all of them (logout everywhere) with a single per-user mark,
 * not one write per token.
 */
export function sessionsRoute({ auth, sessions, revocations, clock, config, audit }: RouteContext) {
  const leeway = config.jwt.leewaySeconds;
  return new Elysia()
    .use(auth)
    .get(
      ROUTES.sessions,
      async ({ claims }): Promise<SessionsResponse> => {
        const live = await sessions.listLive(claims.sub, clock() / 1000);
        const listed = [];
        for (const session of live) {
          // A user mark (logout everywhere, password change) may cover sessions not yet marked in the table.
          if (await revocations.isRevoked({ jti: session.current.jti, sid: session.id, sub: session.userId })) continue;
          listed.push({
            id: session.id,
            created_at: new Date(session.createdAt).toISOString(),
            last_used_at: new Date(session.lastUsedAt).toISOString(),
            user_agent: session.userAgent,
            current: session.id === claims.sid,
          });
        }
        return { sessions: listed };
      },
      { auth: "access" },
    )
    .delete(
      ROUTES.session,
      async ({ claims, params, request }): Promise<MessageResponse> => {
        const session = await sessions.find(params.id);
        if (!session || session.userId !== claims.sub) throw new JotError("not_found", "No such session");
        await sessions.revoke(session.id, claims.sub, clock());
        await revocations.revokeSession(session.id, session.expiresAt + leeway);
        audit("session_revoked", request, { user_id: claims.sub, session_id: session.id });
        return { msg: "Session revoked" };
      },
      { auth: "access" },
    )
    .delete(
      ROUTES.sessions,
      async ({ claims, request }): Promise<MessageResponse> => {
        const now = clock();
        // Every session begun until now, this one included; no session can outlive one refresh lifetime.
        await revocations.revokeUserSessions(claims.sub, { before: now }, Math.ceil(now / 1000) + config.jwt.refreshTtlSeconds + leeway);
        await sessions.revokeAllOf(claims.sub, now);
        audit("logout_everywhere", request, { user_id: claims.sub, session_id: claims.sid });
        return { msg: "All sessions revoked" };
      },
      { auth: "access" },
    );
}
