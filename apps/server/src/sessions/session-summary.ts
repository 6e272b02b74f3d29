import type { SessionRecord } from "@jot/elysia/server";
import type { Session } from "@jot/shared";

/** A session as its user and operators see it: its id, times in ISO 8601 and the user agent that began it. */
export type SessionSummary = Pick<Session, "id" | "created_at" | "last_used_at" | "user_agent">;

/** The view of a stored session shown by `GET /auth/sessions` and the admin API alike. */
export function sessionSummaryOf(session: SessionRecord): SessionSummary {
  return {
    id: session.id,
    created_at: new Date(session.createdAt).toISOString(),
    last_used_at: new Date(session.lastUsedAt).toISOString(),
    user_agent: session.userAgent,
  };
}
