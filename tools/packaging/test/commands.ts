/** What a finished command printed, and how it ended. */
export interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end in `cwd`, npm kept quiet about updates, funding and audits. */
export function run(command: string[], cwd: string, env: Record<string, string> = {}): Run {
  const result = Bun.spawnSync(command, {
    cwd,
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false", ...env },
  });
  return { exitCode: result.exitCode, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

/** The command's stdout; a failure throws with everything it printed. */
export function ok(result: Run, what: string): string {
  if (result.exitCode !== 0) throw new Error(`${what} exited ${result.exitCode}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}
