import type { StoredPasskey } from "@jot/elysia/server";
import type { AccountNoticeKind, SendAccountNotice } from "../delivery/account-notice.ts";
import type { UserStore } from "../users/user-store.ts";

/** Why a passkey was removed: by its owner, with a password reset that asked for it, or by an operator. */
export type PasskeyRemovalReason = "user" | "password_reset" | "operator";

/**
 * Tells a passkey's owner it was added or removed, when they have a verified email: the one rule of
 * who gets a passkey notice, for the routes and the admin operations alike. The user is read when
 * the notice is sent, so an email verified or changed meanwhile counts.
 */
export async function noticeToOwner(
  { notify, users }: { notify: SendAccountNotice; users: Pick<UserStore, "findById"> },
  change: { kind: AccountNoticeKind; passkey: StoredPasskey; reason?: PasskeyRemovalReason; at: Date },
): Promise<void> {
  const user = await users.findById(change.passkey.userId);
  if (!user || user.email === null || !user.emailVerified) return;
  const { kind, passkey, reason, at } = change;
  await notify({ kind, user: { id: user.id, username: user.username, email: user.email }, passkeyName: passkey.name, ...(reason && reason !== "user" ? { reason } : {}), at });
}
