import { RevocationAdmin, type RevocationStats } from "../../admin/revocation-admin.ts";
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
      const stores = await context.stores();
      const stats = await new RevocationAdmin(stores.database.sql).stats(context.clock() / 1000);
      const inRedis = context.config().redisUrl !== undefined;
      const note = inRedis ? "\n(revocations are kept in Redis, where entries expire by themselves; the rows above are the database's)" : "";
      return { data: { stats, revocations_in_redis: inRedis }, text: statsText(stats) + note };
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
      const stores = await context.stores();
      // Kept through the leeway: a token is still accepted that long after its `exp`.
      const horizon = context.clock() / 1000 - context.config().jwt.leewaySeconds;
      const deleted = await new RevocationAdmin(stores.database.sql).prune(horizon, context.progress());
      if (context.config().redisUrl !== undefined) await stores.revocations.prune(horizon);
      await stores.counters.prune(context.clock());
      return { data: { deleted }, text: `deleted ${deleted} expired entr${deleted === 1 ? "y" : "ies"}` };
    },
  },
];

function statsText(stats: RevocationStats): string {
  return Object.entries(stats)
    .map(([label, { live, expired }]) => `${label.padEnd(13)} ${String(live).padStart(8)} live ${String(expired).padStart(8)} expired`)
    .join("\n");
}
