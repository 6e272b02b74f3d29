import { createHash, timingSafeEqual } from "node:crypto";
import { JotError } from "../errors.ts";

const digest = (text: string) => createHash("sha256").update(text).digest();

/**
 * A check of `Authorization: Bearer <METRICS_TOKEN>`, compared in constant time (digests of equal
 * length, so neither the content nor the length of the token leaks through timing).
 * Throws `missing_token` or `invalid_token` (401).
 */
export function metricsTokenCheck(token: string): (request: Request) => void {
  const expected = digest(token);
  return (request) => {
    const header = request.headers.get("authorization");
    if (header === null) throw new JotError("missing_token");
    const presented = /^Bearer (\S+)$/.exec(header)?.[1];
    if (presented === undefined || !timingSafeEqual(digest(presented), expected)) throw new JotError("invalid_token", "Bad metrics token");
  };
}
