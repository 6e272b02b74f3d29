import type { SessionView, UserView } from "../admin/admin-service.ts";
import { printable } from "./printable.ts";

/** A user on one line: name, id, roles, and whether disabled; what the stores hold is printed escaped. */
export function userLine(user: UserView): string {
  const roles = user.roles.length === 0 ? "no roles" : `roles: ${printable(user.roles.join(", "))}`;
  const state = user.disabled_at === null ? "" : `  disabled since ${user.disabled_at}`;
  return `${printable(user.username)}  ${printable(user.id)}  ${roles}${state}`;
}

/** A session on one line; its user agent is whatever the client sent, printed escaped. */
export function sessionLine(session: SessionView): string {
  const agent = session.user_agent === null ? "(no user agent)" : printable(session.user_agent);
  return `${printable(session.id)}  started ${session.created_at}  last used ${session.last_used_at}  ${agent}`;
}

/** Lines, or a placeholder when there are none. */
export function linesOr(lines: string[], none: string): string {
  return lines.length === 0 ? none : lines.join("\n");
}
