// The CLI's own failures, kept apart from the command table so that anything may throw them.

/** The command line is wrong: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The command could not do what was asked; the message is safe to print. Exit code 1. */
export class CliFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliFailure";
  }
}
