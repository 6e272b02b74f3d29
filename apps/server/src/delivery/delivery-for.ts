import type { Clock, DeliverOneTimeToken } from "@jot/elysia/server";
import type { Config } from "../config/config.ts";
import type { SendAccountNotice } from "./account-notice.ts";
import { smtpDelivery, smtpNotices } from "./smtp-delivery.ts";
import { stderrDelivery } from "./stderr-delivery.ts";
import { webhookDelivery, type WebhookRetry } from "./webhook-delivery.ts";

/**
 * Where reset and verification tokens go, first configured first: the webhook, else mail, else
 * (development only) stderr; `undefined` when nothing can deliver (production with neither).
 */
export function deliveryFor(config: Config, clock: Clock, retry?: WebhookRetry): DeliverOneTimeToken | undefined {
  const { webhook, smtp, stderr } = config.passwordReset;
  if (webhook) return webhookDelivery(webhook, clock, retry);
  if (smtp) return smtpDelivery(smtp);
  return stderr ? stderrDelivery() : undefined;
}

/**
 * Whether a reset token for a user reaches them by the configured channel: the webhook and
 * development's stderr take every token; mail only goes to a verified email.
 */
export function resetDeliverable(config: Config, user: { emailVerified: boolean }): boolean {
  const { webhook, smtp, stderr } = config.passwordReset;
  if (webhook) return true;
  if (smtp) return user.emailVerified;
  return stderr;
}

/**
 * Where notices of account changes (a passkey added or removed) go: mail, when `SMTP_URL` is set,
 * whatever carries tokens; `undefined` otherwise. Not the webhook: its calls are the app's channel
 * for tokens, and a notice is for the user's own inbox.
 */
export function noticesFor(config: Config): SendAccountNotice | undefined {
  const { smtp } = config.passwordReset;
  return smtp ? smtpNotices(smtp) : undefined;
}
