import type { DeliverOneTimeToken, OneTimeTokenDelivery } from "@jot/elysia/server";
import nodemailer from "nodemailer";

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
