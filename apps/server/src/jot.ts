/**
 * `jot`, the program of the single executable (`bun run build`): `jot serve` runs the server
 * (main.ts), `jot health` asks it for /health (health-command.ts), `jot <command>` the admin
 * command (cli/). Each is loaded only when asked for, so an admin command never loads the HTTP app.
 * The version is the package's, put in at build time.
 */
// First, before anything the bundle evaluates: the passkey library's certificate code (tsyringe)
// needs the Reflect metadata polyfill, and in a compiled bundle its own import of it came too late.
import "reflect-metadata";
import packageJson from "../package.json" with { type: "json" };

const PROGRAM = "jot";

const HELP = [
  `usage: ${PROGRAM} serve               run the server`,
  `       ${PROGRAM} health              ask the server on this host for /health (exit 0 on 200, else 1)`,
  `       ${PROGRAM} <command> [...]     administer it (users, roles, sessions, keys, tokens, revocations, migrate)`,
  `       ${PROGRAM} --version | --help`,
  "",
  "Each reads its configuration from the environment and from .env in the working directory",
  "(see the README's Configuration). The default database is ./data/jot.sqlite there.",
  "",
].join("\n");

const [first, ...rest] = Bun.argv.slice(2);

/** `serve` and `health` take no arguments but `--help`. */
function refuseArguments(command: string): void {
  if (rest[0] === "--help" || rest[0] === "-h") {
    process.stdout.write(HELP);
    process.exit(0);
  }
  if (rest.length > 0) {
    process.stderr.write(`${PROGRAM}: ${command} takes no arguments\n\n${HELP}`);
    process.exit(2);
  }
}

if (first === "serve") {
  refuseArguments(first);
  await import("./main.ts");
} else if (first === "health") {
  refuseArguments(first);
  const { checkHealth } = await import("./health-command.ts");
  const { healthy, line } = await checkHealth(process.env);
  (healthy ? process.stdout : process.stderr).write(`${line}\n`);
  process.exit(healthy ? 0 : 1);
} else if (first === "--version" || first === "-v" || first === "version") {
  console.log(`${PROGRAM} ${packageJson.version}`);
} else if (first === undefined) {
  process.stderr.write(`${PROGRAM}: a command is needed\n\n${HELP}\n\`${PROGRAM} --help\` lists the admin commands.\n`);
  process.exit(2);
} else {
  const { runAdminCommand } = await import("./cli/admin-command.ts");
  // --help: how to serve, then the admin command's own list.
  if (first === "--help" || first === "-h" || first === "help") process.stdout.write(`${HELP}\n`);
  await runAdminCommand(Bun.argv.slice(2), PROGRAM);
}
