import type { SessionService } from "@jot/elysia/server";
import type { UserStore } from "./user-store.ts";

/**
 * Stores a user's new password hash and ends every session of the user but `keepSessionId` (a
 * password change keeps the caller's; a reset keeps none): the one policy of every way a password
 * is replaced (S-13, S-28, S-32).
 */
export async function replacePassword(
  { users, sessionService }: { users: UserStore; sessionService: SessionService },
  userId: string,
  newHash: string,
  keepSessionId?: string,
): Promise<void> {
  // Sessions end before the new password is stored: a failure in between leaves the password
  // unchanged and the sessions ended, never the password changed and them alive (S-28).
  await sessionService.endAll(userId, keepSessionId);
  await users.setPasswordHash(userId, newHash);
  // And again once it is stored: a login that read the old hash meanwhile began its session before
  // this moment (a login's session starts before it reads the hash), so this ends it too, whenever
  // its session is written.
  await sessionService.endAll(userId, keepSessionId);
}
