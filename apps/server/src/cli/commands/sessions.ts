import type { CliCommand } from "../cli-command.ts";
import { linesOr, sessionLine } from "../format.ts";
import { printable } from "../printable.ts";

/** `jot sessions …`: login sessions (refresh-token families). */
export const sessionsCommands: CliCommand[] = [
  {
    group: "sessions",
    name: "list",
    summary: "a user's live sessions, newest first",
    usage: "<user>",
    args: 1,
    async run({ positionals: [name] }, context) {
      const sessions = await (await context.admin()).listSessions(name!);
      return { data: { sessions }, text: linesOr(sessions.map(sessionLine), "no live sessions") };
    },
  },
  {
    group: "sessions",
    name: "end",
    summary: "end one session: its refresh token and every access token from it",
    usage: "<session-id>",
    args: 1,
    destructive: true,
    async run({ positionals: [id] }, context) {
      const session = await (await context.admin()).endSession(id!);
      return { data: { session }, text: `ended session ${printable(session.id)} of user ${printable(session.user_id)}` };
    },
  },
  {
    group: "sessions",
    name: "end-all",
    summary: "end every session of a user (logout everywhere)",
    usage: "<user>",
    args: 1,
    destructive: true,
    async run({ positionals: [name] }, context) {
      const user = await (await context.admin()).endAllSessions(name!);
      return { data: { user }, text: `ended every session of ${printable(user.username)}` };
    },
  },
];
