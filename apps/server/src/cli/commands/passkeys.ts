import type { PasskeyView } from "../../admin/admin-service.ts";
import type { CliCommand } from "../cli-command.ts";
import { UsageError } from "../cli-errors.ts";
import { linesOr } from "../format.ts";
import { printable } from "../printable.ts";

/** One passkey on one line: its id, name, kind, times, and a flag when it may have been cloned. */
function passkeyLine(passkey: PasskeyView): string {
  const kind = `${passkey.device_type}${passkey.backed_up ? ", backed up" : ""}`;
  const flag = passkey.flagged_at === null ? "" : `  FLAGGED ${passkey.flagged_at} (signature counter went backwards)`;
  return `${printable(passkey.id)}  "${printable(passkey.name)}"  ${kind}  added ${passkey.created_at}  last used ${passkey.last_used_at ?? "never"}${flag}`;
}

/** `jot users passkeys <user>` lists a user's passkeys; `jot users passkeys remove <user> <id>` removes one. */
export const passkeysCommands: CliCommand[] = [
  {
    group: "users",
    name: "passkeys",
    summary: "a user's passkeys (with `remove <user> <id>`: remove one)",
    usage: "<user> | remove <user> <passkey-id>",
    help: "A passkey flagged as possibly cloned logs nobody in; remove it and let the user register again.",
    args: [1, 3],
    destructive: ({ positionals }) => positionals.length === 3,
    async run({ positionals }, context) {
      const admin = await context.admin();
      if (positionals.length === 1) {
        const passkeys = await admin.listPasskeys(positionals[0]!);
        return { data: { passkeys }, text: linesOr(passkeys.map(passkeyLine), "no passkeys") };
      }
      const [verb, name, id] = positionals;
      if (verb !== "remove" || name === undefined || id === undefined) throw new UsageError("expected <user>, or remove <user> <passkey-id>");
      const passkey = await admin.removePasskey(name, id);
      return { data: { passkey }, text: `removed passkey ${printable(passkey.id)} ("${printable(passkey.name)}") of user ${printable(passkey.user_id)}` };
    },
  },
];
