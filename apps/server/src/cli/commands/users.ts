import type { CliCommand } from "../cli-command.ts";
import { UsageError } from "../cli-errors.ts";
import { linesOr, sessionLine, userLine } from "../format.ts";
import { printable } from "../printable.ts";

/** `jot users …`: accounts. */
export const usersCommands: CliCommand[] = [
  {
    group: "users",
    name: "add",
    summary: "create a user; the password is read from stdin",
    usage: "<username> --password-stdin [--role ROLE]...",
    help: "The password is never taken from the command line (it would show in the process list):\n  printf %s \"$PASSWORD\" | bun run jot users add alice --password-stdin --role admin",
    options: { "password-stdin": { type: "boolean" }, role: { type: "string", multiple: true } },
    args: 1,
    async run({ positionals: [username], values }, context) {
      if (values["password-stdin"] !== true) throw new UsageError("--password-stdin is required: pipe the password to the command");
      // A trailing newline from `echo` is not part of the password; anything else is (S-18).
      const password = (await context.io.readStdin()).replace(/\r?\n$/, "");
      const user = await (await context.admin()).addUser(username!, password, (values.role as string[] | undefined) ?? []);
      return { data: { user }, text: `created ${userLine(user)}` };
    },
  },
  {
    group: "users",
    name: "list",
    summary: "list every user",
    usage: "",
    args: 0,
    async run(_args, context) {
      const users = await (await context.admin()).listUsers();
      return { data: { users }, text: linesOr(users.map(userLine), "no users") };
    },
  },
  {
    group: "users",
    name: "show",
    summary: "a user's roles, state and live sessions",
    usage: "<user>",
    help: "<user> is a username or a user id; a name shaped like an id (32 hex digits, any case, with or without -) is always that id.",
    args: 1,
    async run({ positionals: [name] }, context) {
      const user = await (await context.admin()).showUser(name!);
      const sessions = linesOr(user.sessions.map((session) => `  ${sessionLine(session)}`), "  no live sessions");
      return { data: { user }, text: `${userLine(user)}\nsessions:\n${sessions}` };
    },
  },
  {
    group: "users",
    name: "disable",
    summary: "refuse the user's logins and refreshes, and revoke every token they hold",
    usage: "<user>",
    help: "Login and refresh answer 403 account_disabled; every token issued until now answers token_revoked.",
    args: 1,
    destructive: true,
    async run({ positionals: [name] }, context) {
      const user = await (await context.admin()).disable(name!);
      return { data: { user }, text: `disabled ${userLine(user)}; every session ended` };
    },
  },
  {
    group: "users",
    name: "enable",
    summary: "let a disabled user log in again (their old tokens stay revoked)",
    usage: "<user>",
    args: 1,
    async run({ positionals: [name] }, context) {
      const user = await (await context.admin()).enable(name!);
      return { data: { user }, text: `enabled ${userLine(user)}` };
    },
  },
  {
    group: "users",
    name: "mfa",
    summary: "reset: turn the user's second factor off (lost phone and recovery codes)",
    usage: "reset <user>",
    help: "The TOTP secret, the recovery codes and any login waiting for a code are removed; the password alone logs in until the user enrols again. Recorded as an admin_action.",
    args: 2,
    destructive: true,
    async run({ positionals: [verb, name] }, context) {
      if (verb !== "reset") throw new UsageError(`unknown command "users mfa ${printable(verb ?? "")}"; expected: users mfa reset <user>`);
      const user = await (await context.admin()).resetMfa(name!);
      return { data: { user }, text: `second factor off for ${userLine(user)}; the password alone logs in until it is enrolled again` };
    },
  },
  {
    group: "users",
    name: "delete",
    summary: "end every session of the user and delete the account",
    usage: "<user>",
    args: 1,
    destructive: true,
    async run({ positionals: [name] }, context) {
      const user = await (await context.admin()).deleteUser(name!);
      return { data: { user }, text: `deleted ${printable(user.username)} (${printable(user.id)}); every session ended` };
    },
  },
  {
    group: "users",
    name: "email",
    summary: "set a user's email (unverified) and send a verification token to it",
    usage: "<user> <email>",
    help: "The email stays unverified until its token is presented to POST /auth/email/verify; only a verified email receives reset mail. An email another account has (in any case) is refused.",
    args: 2,
    async run({ positionals: [name, email] }, context) {
      const answer = await (await context.admin()).setEmail(name!, email!);
      const sent = answer.verification_sent ? "a verification token is on its way" : "no verification token sent (already verified, or no delivery channel configured)";
      return { data: answer, text: `${printable(answer.user.username)}: email set to ${printable(answer.email)}; ${sent}` };
    },
  },
  {
    group: "users",
    name: "reset-link",
    summary: "issue a password reset token for a user and deliver it (print it only with --reveal)",
    usage: "<user>",
    help: "The token goes where POST /auth/password/forgot sends one: PASSWORD_RESET_WEBHOOK, else mail to the user's verified email (SMTP_URL), else in development stderr. It ends the user's previous reset token. --reveal also prints it, for you to hand over.",
    args: 1,
    async run({ positionals: [name] }, context) {
      const answer = await (await context.admin()).resetLink(name!, context.flags.reveal);
      const where = answer.delivered ? "delivered to the user" : "not delivered (no channel reaches this user: set PASSWORD_RESET_WEBHOOK, or SMTP_URL with a verified email; --reveal prints it)";
      const lines = [`reset token for ${printable(answer.user.username)} ${where}; valid until ${answer.expires_at}`, ...(answer.token === undefined ? [] : [`token: ${answer.token}`])];
      return { data: answer, text: lines.join("\n") };
    },
  },
];
