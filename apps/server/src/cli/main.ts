import { runAdminCommand } from "./admin-command.ts";

// `bun run jot …`: the admin command's process entry point.
await runAdminCommand(Bun.argv.slice(2));
