import { ROUTES, type MessageResponse, type SessionsResponse } from "@jot/shared";
import { Elysia } from "elysia";
import { JotError } from "@jot/elysia/server";
import type { RouteContext } from "../route-context.ts";
import { sessionSummaryOf } from "../../sessions/session-summary.ts";
import { guarded, ROUTE_DOCS } from "../../openapi/route-docs.ts";

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * `GET /auth/sessions` lists the caller's live sessions; `DELETE /auth/sessions/:id` ends one;
 * `DELETE /auth/sessions` ends all of them (logout everywhere) with a single per-user mark,
 * not one write per token.
 */
export function sessionsRoute({ auth, sessions, sessionService, revocations, clock, audit }: RouteContext) {
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
          listed.push({ ...sessionSummaryOf(session), current: session.id === claims.sid });
        }
        return { sessions: listed };
      },
      guarded("access", ROUTE_DOCS.listSessions),
    )
    .delete(
      ROUTES.session,
      async ({ claims, params, request }): Promise<MessageResponse> => {
        // Only a session id can name a session; anything else is not asked of the database.
        const session = SESSION_ID.test(params.id) ? await sessions.find(params.id) : undefined;
        if (!session || session.userId !== claims.sub) throw new JotError("not_found", "No such session");
        await sessionService.end(session.id, claims.sub);
        audit("session_revoked", request, { user_id: claims.sub, session_id: session.id });
        return { msg: "Session revoked" };
      },
      guarded("access", ROUTE_DOCS.endSession),
    )
    .delete(
      ROUTES.sessions,
      async ({ claims, request }): Promise<MessageResponse> => {
        // Every session begun until now, this one included.
        await sessionService.endAll(claims.sub);
        audit("logout_everywhere", request, { user_id: claims.sub, session_id: claims.sid });
        return { msg: "All sessions revoked" };
      },
      guarded("access", ROUTE_DOCS.endSessions),
    );
}
