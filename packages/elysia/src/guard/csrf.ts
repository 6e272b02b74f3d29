import { JotError } from "../errors/jot-error.ts";
import { constantTimeEqual } from "../tokens/signing-key.ts";
import { CSRF_HEADER } from "./cookie-names.ts";

const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether a method only reads: such requests need neither a CSRF value nor an allowed origin. */
export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method);
}

/**
 * Double-submit CSRF check for a token that came from a cookie (S-22): on an unsafe method the
 * `X-CSRF-TOKEN` header must equal the token's `csrf` claim, which only a page of our origin can
 * read (from the non-HttpOnly CSRF cookie). Tokens from headers, the query or the body need none.
 */
export function checkCsrf(request: Request, claims: { csrf?: string | undefined }): void {
  if (isSafeMethod(request.method)) return;
  const sent = request.headers.get(CSRF_HEADER);
  if (sent === null || sent === "") throw new JotError("csrf_failed", "Missing CSRF token");
  if (typeof claims.csrf !== "string" || !constantTimeEqual(claims.csrf, sent)) {
    throw new JotError("csrf_failed", "CSRF double submit tokens do not match");
  }
}
