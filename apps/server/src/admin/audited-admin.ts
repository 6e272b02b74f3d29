import type { AdminEmailResponse, AdminResetLinkResponse, TokenType } from "@jot/shared";
import type { AdminOperations, PasskeyView, SessionView, UserView } from "./admin-service.ts";
import type { Inspection } from "./inspect-token.ts";
import type { RevocationStats } from "./revocation-admin.ts";

/** What an admin changed, as its `admin_action` audit event names it (the admin command's words). */
export type AdminAction =
  | "users add"
  | "users delete"
  | "users disable"
  | "users enable"
  | "users email"
  | "users reset-link"
  | "users mfa reset"
  | "roles grant"
  | "roles revoke"
  | "sessions end"
  | "sessions end-all"
  | "users passkeys remove"
  | "revocations prune";

/** The fields of an `admin_action` event: what was done, by whom, and to which user. */
export interface AdminActionFields {
  action: AdminAction;
  /** The admin's user id (admin API), `local:<operating-system user>` (the server's admin socket), or `cli:<operating-system user>` (the admin command on the database). */
  actor_id: string;
  /** The user changed; absent for a change that is no one's (pruning revocations). */
  user_id?: string;
}

/**
 * The admin operations, each change recorded once it is done (a refused one changed nothing), and
 * reading passed through unrecorded. The one place that decides what an admin change records: the
 * admin API wraps the server's operations with the admin's id (or the local operator's, on the
 * admin socket), the admin command its own on the database with the operating-system user, so all
 * write the same `admin_action` event.
 */
export class AuditedAdmin implements AdminOperations {
  constructor(
    private readonly admin: AdminOperations,
    private readonly actorId: string,
    private readonly record: (fields: AdminActionFields) => void,
  ) {}

  async addUser(username: string, password: string, roles: readonly string[]): Promise<UserView> {
    return this.#changedUser("users add", await this.admin.addUser(username, password, roles));
  }
  async deleteUser(name: string): Promise<UserView> {
    return this.#changedUser("users delete", await this.admin.deleteUser(name));
  }
  async disable(name: string): Promise<UserView> {
    return this.#changedUser("users disable", await this.admin.disable(name));
  }
  async enable(name: string): Promise<UserView> {
    return this.#changedUser("users enable", await this.admin.enable(name));
  }
  async setEmail(name: string, email: string): Promise<AdminEmailResponse> {
    const answer = await this.admin.setEmail(name, email);
    this.#recordChange("users email", answer.user.id);
    return answer;
  }
  async resetLink(name: string, reveal: boolean): Promise<AdminResetLinkResponse> {
    const answer = await this.admin.resetLink(name, reveal);
    this.#recordChange("users reset-link", answer.user.id);
    return answer;
  }
  async resetMfa(name: string): Promise<UserView> {
    return this.#changedUser("users mfa reset", await this.admin.resetMfa(name));
  }
  async grantRole(name: string, role: string): Promise<UserView> {
    return this.#changedUser("roles grant", await this.admin.grantRole(name, role));
  }
  async revokeRole(name: string, role: string, endSessions: boolean): Promise<UserView> {
    return this.#changedUser("roles revoke", await this.admin.revokeRole(name, role, endSessions));
  }
  async endSession(id: string): Promise<SessionView> {
    const session = await this.admin.endSession(id);
    this.#recordChange("sessions end", session.user_id);
    return session;
  }
  async endAllSessions(name: string): Promise<UserView> {
    return this.#changedUser("sessions end-all", await this.admin.endAllSessions(name));
  }
  async removePasskey(name: string, id: string): Promise<PasskeyView> {
    const passkey = await this.admin.removePasskey(name, id);
    this.#recordChange("users passkeys remove", passkey.user_id);
    return passkey;
  }
  async pruneRevocations(progress?: (done: number, total: number) => void): Promise<number> {
    const deleted = await this.admin.pruneRevocations(progress);
    this.#recordChange("revocations prune");
    return deleted;
  }

  listUsers(): Promise<UserView[]> {
    return this.admin.listUsers();
  }
  showUser(name: string): Promise<UserView & { sessions: SessionView[] }> {
    return this.admin.showUser(name);
  }
  listSessions(name: string): Promise<SessionView[]> {
    return this.admin.listSessions(name);
  }
  listPasskeys(name: string): Promise<PasskeyView[]> {
    return this.admin.listPasskeys(name);
  }
  revocationStats(): Promise<{ stats: RevocationStats; revocations_in_redis: boolean }> {
    return this.admin.revocationStats();
  }
  inspectToken(token: string, expected?: TokenType): Promise<Inspection> {
    return this.admin.inspectToken(token, expected);
  }

  #changedUser(action: AdminAction, user: UserView): UserView {
    this.#recordChange(action, user.id);
    return user;
  }

  #recordChange(action: AdminAction, userId?: string): void {
    this.record({ action, actor_id: this.actorId, ...(userId === undefined ? {} : { user_id: userId }) });
  }
}
