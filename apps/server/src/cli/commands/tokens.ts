import type { Inspection } from "../../admin/inspect-token.ts";
import type { CliCommand } from "../cli-command.ts";
import { UsageError } from "../cli-errors.ts";
import { printable, printableJson } from "../printable.ts";

/** Claims that are secrets of their own: the CSRF double-submit value of cookie transport. */
const SECRET_CLAIMS = ["csrf"];

/** `jot tokens …`: what a token says and whether this server takes it. */
export const tokensCommands: CliCommand[] = [
  {
    group: "tokens",
    name: "inspect",
    summary: "decode a token and tell whether this server would accept it, and if not why",
    usage: "<token> [--expect access|refresh]",
    help: "Checks signature, claims, type and revocation exactly as the server's guard does. Exit code 0 when it would be accepted, 1 when refused.",
    options: { expect: { type: "string" } },
    args: 1,
    async run({ positionals: [token], values }, context) {
      const expect = values.expect as string | undefined;
      if (expect !== undefined && expect !== "access" && expect !== "refresh") throw new UsageError("--expect must be access or refresh");
      const inspection = await (await context.admin({ keyed: true })).inspectToken(token!, expect);
      const shown = context.flags.reveal ? inspection : redacted(inspection);
      return { data: shown, text: describe(shown), exitCode: inspection.accepted ? 0 : 1 };
    },
  },
];

function redacted(inspection: Inspection): Inspection {
  if (!inspection.claims) return inspection;
  const claims = { ...inspection.claims };
  for (const name of SECRET_CLAIMS) if (name in claims) claims[name] = "(hidden; --reveal shows it)";
  return { ...inspection, claims };
}

function describe({ header, claims, accepted, code, reason }: Inspection): string {
  // The header and claims are whatever the token's maker wrote.
  const verdict = accepted ? "accepted: this server would take it" : `refused (${code}): ${printable(reason ?? "")}`;
  return [
    `header: ${header ? printableJson(header, 2) : "(not a JSON object)"}`,
    `claims: ${claims ? printableJson(claims, 2) : "(not a JSON object)"}`,
    verdict,
  ].join("\n");
}
