import { normalizePassword, PASSWORD_RULE, withinPasswordBytes } from "@jot/shared";
import { type ErrorLog, JotError } from "@jot/elysia/server";
import type { PasswordHasher } from "./password-hasher.ts";
import type { PasswordForm, User, UserStore } from "./user-store.ts";

/** A password from a request that passed its schema, in both forms a stored hash may need. */
export interface SubmittedPassword {
  asSent: string;
  /** Its NFKC form: what every hash is made from now. */
  normalized: string;
}

/**
 * Normalizes a password from a request (its schema has already refused invalid Unicode and counted
 * its code points). Throws `invalid_request` naming `field` when the normalized form is over the
 * byte cap; called before any account is looked up, so the answer is the same for every account.
 */
export function submittedPassword(password: string, field: string): SubmittedPassword {
  const normalized = normalizePassword(password);
  if (!withinPasswordBytes(normalized)) {
    throw new JotError("invalid_request", `${field} must be at most ${PASSWORD_RULE.maxNormalizedBytes} bytes of UTF-8 once normalized (NFKC)`);
  }
  return { asSent: password, normalized };
}

/** The spelling to check against a hash made from `form`. */
export function spellingFor(password: SubmittedPassword, form: PasswordForm): string {
  return form === "nfkc" ? password.normalized : password.asSent;
}

/**
 * After a right password against a hash made from the password as sent, stores a hash of its
 * normalized form in its place, so the account moves to the current form at its next login. Only
 * while the stored hash is still the one checked: a password change made meanwhile wins. A failure
 * (a busy hasher, a store down) leaves the old hash, which keeps verifying; it is logged, never
 * answered.
 */
export async function moveToNormalizedForm(
  user: User,
  password: SubmittedPassword,
  deps: { users: UserStore; passwords: PasswordHasher; logError: ErrorLog },
): Promise<void> {
  if (user.passwordForm === "nfkc") return;
  try {
    await deps.users.replacePasswordHash(user.id, user.passwordHash, await deps.passwords.hash(password.normalized));
  } catch (error) {
    // A hasher too busy for it now will have room at another login.
    if (!(error instanceof JotError && error.code === "overloaded")) deps.logError("password_rehash_failed", error);
  }
}
