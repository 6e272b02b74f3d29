import { runCli } from "../src/cli/run-cli.ts";

/** What one run of the admin command did. */
export interface JotRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed, for `--json` runs. */
  json<T = Record<string, unknown>>(): T;
}

/**
 * The admin command in process, on `env` alone (no variable of the test's own process leaks in):
 * `jot("users", "list", "--json")`. `stdin` is what is piped to it.
 */
export function jotCommand(env: Record<string, string>) {
  return async (args: string[], { stdin = "" }: { stdin?: string } = {}): Promise<JotRun> => {
    let stdout = "";
    let stderr = "";
    const code = await runCli(args, {
      env,
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
      readStdin: async () => stdin,
      stderrIsTerminal: false,
    });
    return { code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T };
  };
}
