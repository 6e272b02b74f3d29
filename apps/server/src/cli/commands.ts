import type { CliCommand } from "./cli-command.ts";
import { keysCommands } from "./commands/keys.ts";
import { migrateCommands } from "./commands/migrate.ts";
import { passkeysCommands } from "./commands/passkeys.ts";
import { revocationsCommands } from "./commands/revocations.ts";
import { rolesCommands } from "./commands/roles.ts";
import { sessionsCommands } from "./commands/sessions.ts";
import { tokensCommands } from "./commands/tokens.ts";
import { usersCommands } from "./commands/users.ts";

/** Every command of `bun run jot`, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  ...usersCommands,
  ...passkeysCommands,
  ...rolesCommands,
  ...sessionsCommands,
  ...keysCommands,
  ...tokensCommands,
  ...revocationsCommands,
  ...migrateCommands,
];
