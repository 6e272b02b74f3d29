import { parseArgs } from "node:util";
import { ConfigError } from "../config/config-error.ts";
import { JotError, KeyPairError } from "@jot/elysia/server";
import { StoreOpenError } from "../stores.ts";
import type { CliCommand, CommandOutput } from "./cli-command.ts";
import { CliFailure, UsageError } from "./cli-errors.ts";
import { CliContext, type CliIo } from "./cli-context.ts";
import { COMMANDS } from "./commands.ts";
import { printable, printableJson } from "./printable.ts";

/** Exit codes: done, could not be done, the command line is wrong. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

const GLOBAL_OPTIONS = {
  help: { type: "boolean", short: "h" },
  json: { type: "boolean" },
  yes: { type: "boolean" },
  reveal: { type: "boolean" },
} as const;

const GLOBAL_HELP = [
  "  --json     print one JSON document on stdout, for scripts",
  "  --yes      run a command that ends or removes something on a production database (NODE_ENV=production)",
  "  --reveal   print secrets (a generated key, the configured secret, a token's csrf claim)",
  "  --help     this help, or a command's",
].join("\n");

/**
 * Runs `jot <group> [<name>] [args] [options]` and answers the exit code. Reads the configuration
 * the server reads (`io.env`); prints results on stdout, errors on stderr as one line, never a
 * stack trace or a secret.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [group, name] = argv;
  const program = io.program ?? "bun run jot";
  if (group === undefined || group === "--help" || group === "-h" || group === "help") {
    if (group === undefined) return usage(io, `a command is needed\n\n${overview(program)}`);
    io.stdout(`${overview(program)}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.group === group && (candidate.name === "" || candidate.name === name));
  if (!command) {
    // `jot users --help` lists the group's commands.
    if ((name === "--help" || name === "-h") && COMMANDS.some((candidate) => candidate.group === group)) {
      io.stdout(`${overview(program, group)}\n`);
      return EXIT.ok;
    }
    return usage(io, unknownCommand(program, group, name));
  }
  const rest = argv.slice(command.name === "" ? 1 : 2);

  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
  } catch (error) {
    return usage(io, `${error instanceof Error ? error.message : String(error)}\n\n${commandHelp(program, command)}`);
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.stdout(`${commandHelp(program, command)}\n`);
    return EXIT.ok;
  }
  const [min, max] = typeof command.args === "number" ? [command.args, command.args] : command.args;
  if (positionals.length < min || positionals.length > max) {
    return usage(io, `${positionals.length < min ? "missing arguments" : "too many arguments"}\n\n${commandHelp(program, command)}`);
  }

  const flags = { json: values.json === true, yes: values.yes === true, reveal: values.reveal === true };
  const context = new CliContext(io, flags);
  try {
    const destructive = typeof command.destructive === "function" ? command.destructive({ positionals, values }) : command.destructive === true;
    if (destructive && !flags.yes && context.config().production) {
      return usage(io, `${title(command)} changes a production database (NODE_ENV=production): run it again with --yes`);
    }
    const output = await command.run({ positionals, values: values as Record<string, string | boolean | string[] | undefined> }, context);
    print(io, output, flags.json);
    return output.exitCode ?? EXIT.ok;
  } catch (error) {
    if (error instanceof UsageError) return usage(io, `${error.message}\n\n${commandHelp(program, command)}`);
    // A value the stores refuse (an empty password, a bad role name) is a wrong command line too.
    if (error instanceof JotError && (error.code === "invalid_request" || error.code === "missing_parameter")) return usage(io, `${printable(error.message)}\n\n${commandHelp(program, command)}`);
    io.stderr(`jot: ${failureMessage(error)}\n`);
    return EXIT.failure;
  } finally {
    await context.close();
  }
}

function print(io: CliIo, output: CommandOutput, json: boolean): void {
  io.stdout(json ? `${printableJson(output.data, 2)}\n` : `${output.text}\n`);
}

/** One line for a failure; anything unexpected is named, never traced (it may hold a query or a URL). */
function failureMessage(error: unknown): string {
  if (error instanceof StoreOpenError && error.reason === "sqlite_in_use") {
    return `${error.message}. The server holding it cannot be reached on its admin socket (run the command as the user the server runs as), so set JOT_ADMIN_TOKEN to an admin's access token to go through its admin API, or stop it first (see "The admin command" in the README)`;
  }
  // A coded error may carry a name given to the command, or a running server's words.
  if (error instanceof JotError) return `${error.code}: ${printable(error.message)}`;
  if (error instanceof ConfigError || error instanceof StoreOpenError || error instanceof CliFailure || error instanceof KeyPairError) return error.message;
  if (error instanceof Error && "code" in error && typeof error.code === "string") return `${error.code}: the command failed`;
  return `unexpected ${error instanceof Error ? error.name : typeof error}: the command failed`;
}

function usage(io: CliIo, message: string): number {
  io.stderr(`jot: ${message}\n`);
  return EXIT.usage;
}

function unknownCommand(program: string, group: string, name: string | undefined): string {
  const known = COMMANDS.some((command) => command.group === group);
  const what = known ? `unknown command "${`${group} ${name ?? ""}`.trim()}"` : `unknown command "${group}"`;
  return `${what}\n\n${overview(program)}`;
}

function title(command: CliCommand): string {
  return command.name === "" ? command.group : `${command.group} ${command.name}`;
}

function commandHelp(program: string, command: CliCommand): string {
  const usageLine = `usage: ${program} ${title(command)}${command.usage === "" ? "" : ` ${command.usage}`} [--json]${command.destructive ? " [--yes]" : ""}`;
  return [usageLine, "", command.summary, ...(command.help ? ["", command.help] : []), "", "options:", GLOBAL_HELP].join("\n");
}

/** The list of commands, or of one group's. */
function overview(program: string, group?: string): string {
  const listed = COMMANDS.filter((command) => group === undefined || command.group === group);
  const width = Math.max(...listed.map((command) => title(command).length));
  const lines = listed.map((command) => `  ${title(command).padEnd(width)}  ${command.summary}`);
  return [
    `usage: ${program} ${group ?? "<command>"} ${group ? "<command> " : ""}[arguments] [--json] [--yes] [--reveal]`,
    "",
    "Administers jot on the server's own configuration (the environment and its .env file).",
    "",
    "commands:",
    ...lines,
    "",
    "options:",
    GLOBAL_HELP,
    "",
    `\`${program} <command> --help\` tells more. Exit codes: 0 done, 1 failed, 2 wrong command line.`,
  ].join("\n");
}
