import type { DeliverOneTimeToken, OneTimeTokenDelivery } from "@jot/elysia/server";
import nodemailer from "nodemailer";
import type { AccountNotice, SendAccountNotice } from "./account-notice.ts";

/** The mail each kind of token is sent in. */
function mailOf({ kind, user, token, expiresAt }: OneTimeTokenDelivery): { subject: string; text: string } {
  const until = expiresAt.toISOString();
  if (kind === "email_verification") {
    return {
      subject: "Confirm your email address",
      text: `Hello ${user.username ?? ""},\n\nto confirm this address, send this token to POST /auth/email/verify:\n\n${token}\n\nIt works once, until ${until}.\n`,
    };
  }
  return {
    subject: "Reset your password",
    text: `Hello ${user.username ?? ""},\n\nsomeone asked to reset your password. If it was you, send this token with your new password to POST /auth/password/reset:\n\n${token}\n\nIt works once, until ${until}. If it was not you, ignore this mail: your password is unchanged.\n`,
  };
}

/**
 * Mails each token through the SMTP server of `SMTP_URL` (nodemailer): a reset only to a verified
 * email, a verification to the address it confirms. A user with nowhere to send to is reported
 * (`delivery_error`), never answered differently.
 */
export function smtpDelivery(smtp: { url: string; from: string }): DeliverOneTimeToken {
  const transport = nodemailer.createTransport(smtp.url);
  return async (delivery) => {
    if (delivery.user.email === null) throw new Error(`no ${delivery.kind === "email_verification" ? "" : "verified "}email to send the ${delivery.kind} token to`);
    await transport.sendMail({ from: smtp.from, to: delivery.user.email, ...mailOf(delivery) });
  };
}

/** The mail a notice is sent in: what changed, when, and what to do if it was not the user. */
function noticeMailOf({ kind, user, passkeyName, reason, at }: AccountNotice): { subject: string; text: string } {
  const when = at.toISOString();
  const notYou = "If it was not you, reset your password and remove the passkeys you do not know (GET /auth/passkeys).";
  if (kind === "passkey_added") {
    return {
      subject: "A passkey was added to your account",
      text: `Hello ${user.username},\n\nthe passkey "${passkeyName}" was added to your account at ${when}; it can sign you in from now on.\n\n${notYou}\n`,
    };
  }
  const why = reason === "password_reset" ? " with your password reset, as it asked" : reason === "operator" ? " by an operator" : "";
  return {
    subject: "A passkey was removed from your account",
    text: `Hello ${user.username},\n\nthe passkey "${passkeyName}" was removed from your account${why} at ${when}; it signs nobody in any more.\n\n${notYou}\n`,
  };
}

/** Mails each notice to the user's verified email through the SMTP server of `SMTP_URL`. */
export function smtpNotices(smtp: { url: string; from: string }): SendAccountNotice {
  const transport = nodemailer.createTransport(smtp.url);
  return async (notice) => {
    await transport.sendMail({ from: smtp.from, to: notice.user.email, ...noticeMailOf(notice) });
  };
}
