import type { CliCommand } from "../cli-command.ts";
import { userLine } from "../format.ts";

/** `jot roles …`: a user's roles, which reach their tokens at the next login or refresh. */
export const rolesCommands: CliCommand[] = [
  {
    group: "roles",
    name: "grant",
    summary: "give a user a role (in their tokens from the next login or refresh)",
    usage: "<user> <role>",
    args: 2,
    async run({ positionals: [name, role] }, context) {
      const user = await (await context.admin()).grantRole(name!, role!);
      return { data: { user }, text: `granted ${role} → ${userLine(user)}` };
    },
  },
  {
    group: "roles",
    name: "revoke",
    summary: "take a role away; --end-sessions also ends the user's sessions now",
    usage: "<user> <role> [--end-sessions]",
    help: "Without --end-sessions, tokens already issued keep the role until they are refreshed or expire.",
    options: { "end-sessions": { type: "boolean" } },
    args: 2,
    destructive: true,
    async run({ positionals: [name, role], values }, context) {
      const endSessions = values["end-sessions"] === true;
      const user = await (await context.admin()).revokeRole(name!, role!, endSessions);
      return { data: { user, sessions_ended: endSessions }, text: `revoked ${role} → ${userLine(user)}${endSessions ? "; every session ended" : ""}` };
    },
  },
];
