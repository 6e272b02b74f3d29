/** What a notice tells a user about their account: a passkey added to it or removed from it. */
export type AccountNoticeKind = "passkey_added" | "passkey_removed";

/** A notice for a user's verified email. It carries no token: it tells, it grants nothing. */
export interface AccountNotice {
  kind: AccountNoticeKind;
  user: { id: string; username: string; email: string };
  /** The passkey's name, as its owner sees it listed. */
  passkeyName: string;
  /** Why a passkey was removed, when its owner did not remove it themselves (`password_reset`). */
  reason?: string;
  at: Date;
}

/** Sends a notice (a mail); runs after the request has been answered. */
export type SendAccountNotice = (notice: AccountNotice) => void | Promise<void>;
