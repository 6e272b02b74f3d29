import type { SessionView, UserView } from "../admin/admin-service.ts";

/** A user on one line: name, id, roles, and whether disabled. */
export function userLine(user: UserView): string {
  const roles = user.roles.length === 0 ? "no roles" : `roles: ${user.roles.join(", ")}`;
  const state = user.disabled_at === null ? "" : `  disabled since ${user.disabled_at}`;
  return `${user.username}  ${user.id}  ${roles}${state}`;
}

/** A session on one line. */
export function sessionLine(session: SessionView): string {
  return `${session.id}  started ${session.created_at}  last used ${session.last_used_at}  ${session.user_agent ?? "(no user agent)"}`;
}

/** Lines, or a placeholder when there are none. */
export function linesOr(lines: string[], none: string): string {
  return lines.length === 0 ? none : lines.join("\n");
}
