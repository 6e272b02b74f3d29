import { runCli } from "./run-cli.ts";

// `bun run jot …`: the admin command's process entry point.
// stdout carries only the command's answer, which a script may parse; the stores' JSON log lines
// (a store error, say) go to stderr with the command's own messages.
console.log = console.error;
const code = await runCli(Bun.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: () => Bun.stdin.text(),
  stderrIsTerminal: process.stderr.isTTY === true,
});
process.exit(code);
