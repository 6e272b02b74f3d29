import type { RevocationStats } from "../../admin/revocation-admin.ts";
import type { CliCommand } from "../cli-command.ts";

/** `jot revocations …`: the revocation list and the session rows behind it. */
export const revocationsCommands: CliCommand[] = [
  {
    group: "revocations",
    name: "stats",
    summary: "live and expired entries of the revocation list",
    usage: "",
    args: 0,
    async run(_args, context) {
      const answer = await (await context.admin()).revocationStats();
      const note = answer.revocations_in_redis ? "\n(revocations are kept in Redis, where entries expire by themselves; the rows above are the database's)" : "";
      return { data: answer, text: statsText(answer.stats) + note };
    },
  },
  {
    group: "revocations",
    name: "prune",
    summary: "delete entries that can no longer match a token (the server also does this every 10 minutes)",
    usage: "",
    help: "An entry is kept until every token it covers has expired, leeway included. Shows a progress bar on a terminal.",
    args: 0,
    destructive: true,
    async run(_args, context) {
      const deleted = await (await context.admin()).pruneRevocations(context.progress());
      return { data: { deleted }, text: `deleted ${deleted} expired entr${deleted === 1 ? "y" : "ies"}` };
    },
  },
];

function statsText(stats: RevocationStats): string {
  return Object.entries(stats)
    .map(([label, { live, expired }]) => `${label.padEnd(13)} ${String(live).padStart(8)} live ${String(expired).padStart(8)} expired`)
    .join("\n");
}
