import { isErrorCode, type AdminEmailResponse, type AdminResetLinkResponse, type TokenType } from "@jot/shared";
import type { AdminOperations, PasskeyView, SessionView, UserView } from "../admin/admin-service.ts";
import type { Inspection } from "../admin/inspect-token.ts";
import type { RevocationStats } from "../admin/revocation-admin.ts";
import { JotError } from "@jot/elysia/server";
import { ADMIN_PATHS } from "../http/routes/admin-paths.ts";
import { CliFailure } from "./cli-errors.ts";

/**
 * Where a running server's admin API is: its URL with an admin's access token (fresh, with the
 * admin role), or the local server's admin socket, which needs no token (its file mode admits only
 * the server's own user).
 */
export type AdminEndpoint = { url: string; token: string } | { socket: string };

/**
 * The admin operations through a running server's admin API (`/admin/…`): the server applies them
 * to its own stores and its in-memory revocation mirror, so they take effect there at once — the
 * way to reach a server that holds its SQLite file — and records each change as an audit event of
 * its own.
 */
export class RemoteAdmin implements AdminOperations {
  constructor(private readonly endpoint: AdminEndpoint) {}

  async addUser(username: string, password: string, roles: readonly string[]): Promise<UserView> {
    return (await this.#call<{ user: UserView }>("POST", ADMIN_PATHS.users, { username, password, roles })).user;
  }
  async listUsers(): Promise<UserView[]> {
    return (await this.#call<{ users: UserView[] }>("GET", ADMIN_PATHS.users)).users;
  }
  async showUser(name: string): Promise<UserView & { sessions: SessionView[] }> {
    return (await this.#call<{ user: UserView & { sessions: SessionView[] } }>("GET", ADMIN_PATHS.user(name))).user;
  }
  async disable(name: string): Promise<UserView> {
    return (await this.#call<{ user: UserView }>("POST", ADMIN_PATHS.disable(name))).user;
  }
  async enable(name: string): Promise<UserView> {
    return (await this.#call<{ user: UserView }>("POST", ADMIN_PATHS.enable(name))).user;
  }
  async resetMfa(name: string): Promise<UserView> {
    return (await this.#call<{ user: UserView }>("DELETE", ADMIN_PATHS.mfa(name))).user;
  }
  async deleteUser(name: string): Promise<UserView> {
    return (await this.#call<{ user: UserView }>("DELETE", ADMIN_PATHS.user(name))).user;
  }
  setEmail(name: string, email: string): Promise<AdminEmailResponse> {
    return this.#call("PUT", ADMIN_PATHS.email(name), { email });
  }
  resetLink(name: string, reveal: boolean): Promise<AdminResetLinkResponse> {
    return this.#call("POST", ADMIN_PATHS.resetLink(name), { reveal });
  }
  async grantRole(name: string, role: string): Promise<UserView> {
    return (await this.#call<{ user: UserView }>("PUT", ADMIN_PATHS.role(name, role))).user;
  }
  async revokeRole(name: string, role: string, endSessions: boolean): Promise<UserView> {
    const query = endSessions ? "?end_sessions=true" : "";
    return (await this.#call<{ user: UserView }>("DELETE", ADMIN_PATHS.role(name, role) + query)).user;
  }
  async listSessions(name: string): Promise<SessionView[]> {
    return (await this.#call<{ sessions: SessionView[] }>("GET", ADMIN_PATHS.userSessions(name))).sessions;
  }
  async endSession(id: string): Promise<SessionView> {
    return (await this.#call<{ session: SessionView }>("DELETE", ADMIN_PATHS.session(id))).session;
  }
  async endAllSessions(name: string): Promise<UserView> {
    return (await this.#call<{ user: UserView }>("DELETE", ADMIN_PATHS.userSessions(name))).user;
  }
  async listPasskeys(name: string): Promise<PasskeyView[]> {
    return (await this.#call<{ passkeys: PasskeyView[] }>("GET", ADMIN_PATHS.userPasskeys(name))).passkeys;
  }
  async removePasskey(name: string, id: string): Promise<PasskeyView> {
    return (await this.#call<{ passkey: PasskeyView }>("DELETE", ADMIN_PATHS.userPasskey(name, id))).passkey;
  }
  revocationStats(): Promise<{ stats: RevocationStats; revocations_in_redis: boolean }> {
    return this.#call("GET", ADMIN_PATHS.revocations);
  }
  async pruneRevocations(): Promise<number> {
    return (await this.#call<{ deleted: number }>("POST", ADMIN_PATHS.prune)).deleted;
  }
  inspectToken(token: string, expected?: TokenType): Promise<Inspection> {
    return this.#call("POST", ADMIN_PATHS.inspect, { token, ...(expected ? { expect: expected } : {}) });
  }

  /** One request; a refusal becomes the server's coded error, an unreachable server a plain failure. */
  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { endpoint } = this;
    const where = "socket" in endpoint ? `server on ${endpoint.socket}` : `server at ${endpoint.url}`;
    let response: Response;
    try {
      response = await fetch(new URL(path, "socket" in endpoint ? "http://localhost" : endpoint.url), {
        method,
        ...("socket" in endpoint ? { unix: endpoint.socket } : {}),
        headers: {
          ...("token" in endpoint ? { authorization: `Bearer ${endpoint.token}` } : {}),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch {
      throw new CliFailure(`cannot reach the jot ${where}${"socket" in endpoint ? "" : " (JOT_ADMIN_URL)"}`);
    }
    const answer = (await response.json().catch(() => null)) as { error?: unknown; msg?: unknown } | null;
    if (response.ok && answer !== null) return answer as T;
    if (answer !== null && isErrorCode(answer.error)) {
      // A refresh answers non-fresh tokens, which the admin API refuses: say how to get a good one.
      const hint = answer.error === "fresh_token_required" ? ": JOT_ADMIN_TOKEN must be an access token straight from a password login (not from a refresh); log in again for one" : "";
      throw new JotError(answer.error, typeof answer.msg === "string" ? `${answer.msg} (the ${where})${hint}` : undefined);
    }
    throw new CliFailure(`the jot ${where} answered ${response.status}`);
  }
}
