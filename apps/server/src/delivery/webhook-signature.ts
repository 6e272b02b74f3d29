import { createHmac } from "node:crypto";

/** The header a webhook call is signed in. */
export const SIGNATURE_HEADER = "Jot-Signature";

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` under the webhook secret: the receiver
 * recomputes it over the raw body, compares in constant time, and refuses an old `t` (a replay).
 */
export function webhookSignature(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}
