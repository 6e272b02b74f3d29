import { runCli } from "./run-cli.ts";

/**
 * Runs the admin command as this process, with its arguments `argv`, and exits with its code.
 * `program` is how a person types it (`bun run jot`, or `jot` for the executable), used in the usage.
 * stdout carries only the command's answer, which a script may parse; the stores' JSON log lines
 * (a store error, say) go to stderr with the command's own messages.
 */
export async function runAdminCommand(argv: readonly string[], program?: string): Promise<never> {
  console.log = console.error;
  const code = await runCli(argv, {
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: () => Bun.stdin.text(),
    stderrIsTerminal: process.stderr.isTTY === true,
    ...(program === undefined ? {} : { program }),
  });
  process.exit(code);
}
