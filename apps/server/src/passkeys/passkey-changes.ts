import type { PasskeyStore, StoredPasskey } from "@jot/elysia/server";
import type { AccountNoticeKind, SendAccountNotice } from "../delivery/account-notice.ts";
import type { BackgroundWork } from "../http/background-work.ts";
import type { AuditFields, AuditLog } from "../logging/audit-log.ts";
import type { UserStore } from "../users/user-store.ts";

import { noticeToOwner, type PasskeyRemovalReason } from "./passkey-notice.ts";

/** What the passkey changes are made with. */
export interface PasskeyChangesDeps {
  store: PasskeyStore;
  users: UserStore;
  audit: AuditLog;
  clock: () => number;
  background: BackgroundWork;
  /** Where notices go (mail, `noticesFor`); none are sent without it. */
  notify: SendAccountNotice | undefined;
}

/**
 * The one place a user's passkeys are added to or removed from by a request: each change is an
 * audit event (`passkey_added`, `passkey_removed` with its reason) and, when mail is configured
 * and the user has a verified email, a notice mailed after the answer (no token in it). An
 * operator's removal is audited as an `admin_action` instead (`audited-admin.ts`).
 */
export class PasskeyChanges {
  constructor(private readonly deps: PasskeyChangesDeps) {}

  /** A passkey a registration stored. */
  added(request: Request, passkey: StoredPasskey, fields: AuditFields): void {
    this.deps.audit("passkey_added", request, { ...fields, user_id: passkey.userId, passkey_id: passkey.id });
    this.#notice("passkey_added", passkey);
  }

  /** Removes one of the user's passkeys; answers false, changing nothing, when it is not theirs. */
  async remove(request: Request, userId: string, id: string, fields: AuditFields & { reason: PasskeyRemovalReason }): Promise<boolean> {
    const passkey = await this.deps.store.find(id);
    if (!passkey || passkey.userId !== userId || !(await this.deps.store.remove(userId, id))) return false;
    this.#removed(request, passkey, fields);
    return true;
  }

  /** Removes every passkey of the user; answers how many went. */
  async removeAll(request: Request, userId: string, fields: AuditFields & { reason: PasskeyRemovalReason }): Promise<number> {
    let removed = 0;
    for (const passkey of await this.deps.store.listOf(userId)) {
      if (!(await this.deps.store.remove(userId, passkey.id))) continue;
      this.#removed(request, passkey, fields);
      removed++;
    }
    return removed;
  }

  #removed(request: Request, passkey: StoredPasskey, fields: AuditFields & { reason: PasskeyRemovalReason }): void {
    this.deps.audit("passkey_removed", request, { ...fields, user_id: passkey.userId, passkey_id: passkey.id });
    this.#notice("passkey_removed", passkey, fields.reason);
  }

  /** Mails the owner, after the answer, when there is mail and an email they verified. */
  #notice(kind: AccountNoticeKind, passkey: StoredPasskey, reason?: PasskeyRemovalReason): void {
    const { notify, users, background, clock } = this.deps;
    if (!notify) return;
    const at = new Date(clock());
    background.run(() => noticeToOwner({ notify, users }, { kind, passkey, ...(reason ? { reason } : {}), at }));
  }
}
