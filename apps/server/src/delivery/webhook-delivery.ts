import type { Clock, DeliverOneTimeToken } from "@jot/elysia/server";
import { SIGNATURE_HEADER, webhookSignature } from "./webhook-signature.ts";

/** How a webhook is retried; the defaults are for production. */
export interface WebhookRetry {
  /** Calls in all, the first included. @default 6 */
  attempts?: number;
  /** Wait before the first retry; each next one waits twice as long. @default 1000 */
  firstDelayMs?: number;
  /** How long one call may take. @default 10 s */
  timeoutMs?: number;
}

/** A webhook answer that will not change if asked again: the receiver refused the call itself. */
class WebhookRefused extends Error {
  override name = "WebhookRefused";
}

/**
 * Delivers each token as `POST <url>` with JSON `{kind, username, email, token, expires_at}`,
 * signed in `Jot-Signature` when a secret is set. A call that fails (no answer, 5xx, 429) is tried
 * again with exponential backoff; a 4xx is final. It runs after the request was answered, and
 * nothing it logs carries the token.
 */
export function webhookDelivery(
  webhook: { url: string; secret: string | undefined },
  clock: Clock,
  { attempts = 6, firstDelayMs = 1000, timeoutMs = 10_000 }: WebhookRetry = {},
): DeliverOneTimeToken {
  return async ({ kind, user, token, expiresAt }) => {
    const body = JSON.stringify({ kind, username: user.username ?? null, email: user.email, token, expires_at: expiresAt.toISOString() });
    let lastFailure = "";
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await Bun.sleep(firstDelayMs * 2 ** (attempt - 2));
      const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "jot" };
      // Signed at each call: the receiver's replay window counts from when it was sent.
      if (webhook.secret !== undefined) headers[SIGNATURE_HEADER] = webhookSignature(webhook.secret, body, Math.floor(clock() / 1000));
      try {
        const response = await fetch(webhook.url, { method: "POST", headers, body, redirect: "error", signal: AbortSignal.timeout(timeoutMs) });
        await response.body?.cancel();
        if (response.ok) return;
        if (response.status < 500 && response.status !== 429) throw new WebhookRefused(`the webhook refused the call with ${response.status}`);
        lastFailure = `answered ${response.status}`;
      } catch (error) {
        if (error instanceof WebhookRefused) throw error;
        lastFailure = error instanceof Error ? error.name : "no answer";
      }
    }
    throw new Error(`the webhook failed ${attempts} times (last: ${lastFailure})`);
  };
}
