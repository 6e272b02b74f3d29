import { createHash, timingSafeEqual } from "node:crypto";
import { JotError, readAuthorizationHeader } from "@jot/elysia/server";

const digest = (text: string) => createHash("sha256").update(text).digest();

/**
 * A check of `Authorization: Bearer <METRICS_TOKEN>`, read by the guard's rule and compared in
 * constant time (digests of equal length, so neither the content nor the length of the token leaks
 * through timing). Throws `missing_token` or `invalid_token` (401), or `invalid_header` (400).
 */
export function metricsTokenCheck(token: string): (request: Request) => void {
  const expected = digest(token);
  return (request) => {
    const presented = readAuthorizationHeader(request.headers.get("authorization"));
    if (presented === undefined) throw new JotError("missing_token");
    if (!timingSafeEqual(digest(presented), expected)) throw new JotError("invalid_token", "Bad metrics token");
  };
}
