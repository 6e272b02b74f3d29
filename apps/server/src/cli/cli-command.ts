import type { ParseArgsOptionsConfig } from "node:util";
import type { CliContext } from "./cli-context.ts";

/** What a command answers: data for `--json`, and the same for people. */
export interface CommandOutput {
  data: unknown;
  text: string;
  /** 1 when the command ran but the answer is a "no" (a token the server would refuse). @default 0 */
  exitCode?: 0 | 1;
}

/** The parsed command line of one command. */
export interface CommandArgs {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
}

/** One `jot <group> <name>` command. */
export interface CliCommand {
  group: string;
  name: string;
  /** One line for the list of commands. */
  summary: string;
  /** The arguments after the command's name, e.g. `<user> <role> [--end-sessions]`. */
  usage: string;
  /** Lines printed under the usage by `--help`. */
  help?: string;
  options?: ParseArgsOptionsConfig;
  /** How many positional arguments it takes: exactly, or [min, max]. */
  args: number | [number, number];
  /**
   * Ends, removes or rewrites something: refused on a production database without `--yes`. A
   * function for a command that only reads with some arguments.
   */
  destructive?: boolean | ((args: CommandArgs) => boolean);
  run(args: CommandArgs, context: CliContext): Promise<CommandOutput>;
}
