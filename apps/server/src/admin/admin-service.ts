import {
  AdminSetEmailBodySchema,
  RegisterBodySchema,
  ROLE_PATTERN,
  userIdIn,
  type AdminEmailResponse,
  type AdminPasskey,
  type AdminResetLinkResponse,
  type AdminSession,
  type AdminUser,
  type TokenType,
} from "@jot/shared";
import { type Clock, JotError, OneTimeTokens, pruneHorizon, type SessionRecord, type SessionService, stdoutErrorLog, type StoredPasskey } from "@jot/elysia/server";
import type { SendAccountNotice } from "../delivery/account-notice.ts";
import { deliveryFor, noticesFor, resetDeliverable } from "../delivery/delivery-for.ts";
import { BackgroundWork } from "../http/background-work.ts";
import { noticeToOwner } from "../passkeys/passkey-notice.ts";
import { passkeySummaryOf } from "../passkeys/passkey-summary.ts";
import type { Config } from "../config/config.ts";
import { sessionServiceFor } from "../sessions/session-service.ts";
import { sessionSummaryOf } from "../sessions/session-summary.ts";
import type { Stores } from "../stores.ts";
import type { PasswordHasher } from "../users/password-hasher.ts";
import { submittedPassword } from "../users/password-form.ts";
import type { User } from "../users/user-store.ts";
import { parseInput } from "../http/parse-input.ts";
import { inspectToken, type InspectDeps, type Inspection } from "./inspect-token.ts";
import { RevocationAdmin, type RevocationStats } from "./revocation-admin.ts";
import { UserAdminStore } from "./user-admin-store.ts";

/** A user as an operator sees it: never the password hash. */
export type UserView = AdminUser;

/** A live session as an operator sees it. */
export type SessionView = AdminSession;

/** A passkey as an operator sees it. */
export type PasskeyView = AdminPasskey;

/** What the admin operations run on. */
export interface AdminDeps {
  stores: Pick<Stores, "users" | "sessions" | "revocations" | "counters" | "database" | "mfa" | "passkeys"> & Partial<Pick<Stores, "oneTimeTokens">>;
  passwords: PasswordHasher;
  clock: Clock;
  config: Config;
  /** Ends sessions; the server passes its own, so an admin ends them exactly as a logout does. @default one on `stores` */
  sessionService?: SessionService;
  /** The server's guard (`jot()`'s `authenticate`), for inspecting tokens. */
  authenticate?: InspectDeps["authenticate"];
  /**
   * Reset and verification tokens; the server passes its own (`jot()`'s), so they are delivered as
   * the routes deliver theirs. @default one on `stores`, delivered by the configured channel
   */
  oneTimeTokens?: OneTimeTokens;
  /** Where notices to users go (a passkey an operator removed). @default mail when configured (`noticesFor`) */
  notify?: SendAccountNotice;
  /** Where notices are sent from, after the answer; the command waits for it before it exits. @default its own */
  background?: BackgroundWork;
}

/** Role names: short words, so a typo like a stray space or quote is refused rather than stored. */
const ROLE = new RegExp(ROLE_PATTERN);

/** What an operator can do, whether in this process or through a running server's admin API. */
export type AdminOperations = { [Name in keyof AdminService]: AdminService[Name] };

/**
 * What the admin command does to users, roles and sessions, on the same stores and session service
 * the server uses, so an ended session or a disabled account is refused exactly as a logout is.
 * A user is named by username or id; a name shaped like an id is that id, whatever any username says.
 */
export class AdminService {
  readonly #admin: UserAdminStore;
  readonly #revocationAdmin: RevocationAdmin;
  readonly #sessionService: SessionService;
  private readonly stores: AdminDeps["stores"];
  private readonly passwords: PasswordHasher;
  private readonly clock: Clock;
  private readonly config: Config;
  private readonly authenticate: AdminDeps["authenticate"];
  /** Where reset and verification tokens are issued and delivered. */
  readonly #oneTimeTokens: OneTimeTokens;
  readonly #notify: SendAccountNotice | undefined;
  readonly #background: BackgroundWork;

  constructor({ stores, passwords, clock, config, sessionService, authenticate, oneTimeTokens, notify, background }: AdminDeps) {
    this.stores = stores;
    this.passwords = passwords;
    this.clock = clock;
    this.config = config;
    this.authenticate = authenticate;
    this.#admin = new UserAdminStore(stores.database.sql, clock);
    this.#revocationAdmin = new RevocationAdmin(stores.database.sql);
    this.#sessionService =
      sessionService ??
      sessionServiceFor(config, stores, clock);
    this.#oneTimeTokens = oneTimeTokens ?? oneTimeTokensOn(stores, clock, config);
    this.#notify = notify ?? noticesFor(config);
    this.#background = background ?? new BackgroundWork(stdoutErrorLog);
  }

  async addUser(username: string, password: string, roles: readonly string[]): Promise<UserView> {
    // The rules registration applies (S-18, S-19).
    parseInput(RegisterBodySchema, { username, password });
    const { normalized } = submittedPassword(password, "password");
    for (const role of roles) checkRole(role);
    const created = await this.stores.users.create({ username, passwordHash: await this.passwords.hash(normalized), roles: [...new Set(roles)] });
    if (!created) throw new JotError("username_taken", `Username "${username}" is taken`);
    return viewOf(created);
  }

  async listUsers(): Promise<UserView[]> {
    return (await this.#admin.list()).map(viewOf);
  }

  /** The user and their live sessions. */
  async showUser(name: string): Promise<UserView & { sessions: SessionView[] }> {
    const user = await this.findUser(name);
    return { ...viewOf(user), sessions: await this.sessionsOf(user) };
  }

  /**
   * Disables the account, then ends every session it has: login and refresh are refused with
   * `account_disabled`, and every token issued until now is revoked. Disabled first, so a login
   * racing the command cannot start a session the revocation misses.
   */
  async disable(name: string): Promise<UserView> {
    const user = await this.findUser(name);
    const at = user.disabledAt ?? this.clock();
    await this.#admin.setDisabledAt(user.id, at);
    await this.#sessionService.endAll(user.id);
    return viewOf({ ...user, disabledAt: at });
  }

  /** Lets the account log in again; the tokens revoked when it was disabled stay revoked. */
  async enable(name: string): Promise<UserView> {
    const user = await this.findUser(name);
    await this.#admin.setDisabledAt(user.id, null);
    return viewOf({ ...user, disabledAt: null });
  }

  /** Ends every session of the user, then deletes the account (and its second factor). */
  async deleteUser(name: string): Promise<UserView> {
    const user = await this.findUser(name);
    await this.#sessionService.endAll(user.id);
    await this.stores.mfa.remove(user.id);
    await this.#admin.delete(user.id);
    return viewOf(user);
  }

  /** Adds a role; it reaches the user's tokens at their next login or refresh. */
  async grantRole(name: string, role: string): Promise<UserView> {
    checkRole(role);
    const user = await this.findUser(name);
    const roles = user.roles.includes(role) ? user.roles : [...user.roles, role];
    await this.#admin.setRoles(user.id, roles);
    return viewOf({ ...user, roles });
  }

  /**
   * Removes a role. Tokens already issued keep it until they expire or refresh, unless
   * `endSessions` ends every session of the user now.
   */
  async revokeRole(name: string, role: string, endSessions: boolean): Promise<UserView> {
    checkRole(role);
    const user = await this.findUser(name);
    const roles = user.roles.filter((held) => held !== role);
    await this.#admin.setRoles(user.id, roles);
    if (endSessions) await this.#sessionService.endAll(user.id);
    return viewOf({ ...user, roles });
  }

  /** The user's live sessions, newest first. */
  async listSessions(name: string): Promise<SessionView[]> {
    return this.sessionsOf(await this.findUser(name));
  }

  /** Ends one session: its refresh family and every access token descended from it. */
  async endSession(id: string): Promise<SessionView> {
    const session = await this.stores.sessions.find(id);
    if (!session) throw new JotError("not_found", `No session with id ${id}`);
    await this.#sessionService.end(session.id, session.userId);
    return adminSessionViewOf(session);
  }

  /**
   * Sets the user's email, unverified, and delivers a verification token to it, as `PUT /auth/email`
   * does; an email another account has is `email_taken`.
   */
  async setEmail(name: string, email: string): Promise<AdminEmailResponse> {
    parseInput(AdminSetEmailBodySchema, { email });
    const user = await this.findUser(name);
    const refusal = await this.stores.users.setEmail(user.id, email);
    if (refusal === "email_taken") throw new JotError("email_taken");
    if (refusal === "no_user") throw new JotError("not_found", `No user with id ${user.id}`);
    const updated = (await this.stores.users.findById(user.id)) ?? user;
    if (updated.emailVerified) return { user: viewOf(updated), email, verification_sent: false };
    await this.#oneTimeTokens.issue("email_verification", { id: user.id, username: user.username, email });
    return { user: viewOf(updated), email, verification_sent: this.config.passwordReset.webhook !== undefined || this.config.passwordReset.smtp !== undefined || this.config.passwordReset.stderr };
  }

  /**
   * Issues a password reset token for the user (ending their previous one) and delivers it as
   * `POST /auth/password/forgot` does; `reveal` answers the token too, for the operator to hand over.
   */
  async resetLink(name: string, reveal: boolean): Promise<AdminResetLinkResponse> {
    const user = await this.findUser(name);
    const { token, expiresAt } = await this.#oneTimeTokens.issue("password_reset", { id: user.id, username: user.username, email: user.emailVerified ? user.email : null });
    return { user: viewOf(user), expires_at: expiresAt.toISOString(), delivered: resetDeliverable(this.config, user), ...(reveal ? { token } : {}) };
  }

  /** Ends every session of the user (logout everywhere). */
  async endAllSessions(name: string): Promise<UserView> {
    const user = await this.findUser(name);
    await this.#sessionService.endAll(user.id);
    return viewOf(user);
  }

  /** The user's passkeys, oldest first, flagged ones included. */
  async listPasskeys(name: string): Promise<PasskeyView[]> {
    const user = await this.findUser(name);
    return (await this.stores.passkeys.listOf(user.id)).map(passkeyViewOf);
  }

  /** Removes one of the user's passkeys (a lost device, a flagged clone): it logs nobody in any more. */
  async removePasskey(name: string, id: string): Promise<PasskeyView> {
    const user = await this.findUser(name);
    const passkey = (await this.stores.passkeys.listOf(user.id)).find((candidate) => candidate.id === id);
    if (!passkey || !(await this.stores.passkeys.remove(user.id, id))) throw new JotError("not_found", `No passkey ${id} of ${user.username}`);
    const notify = this.#notify;
    if (notify) {
      const at = new Date(this.clock());
      this.#background.run(() => noticeToOwner({ notify, users: this.stores.users }, { kind: "passkey_removed", passkey, reason: "operator", at }));
    }
    return passkeyViewOf(passkey);
  }

  /**
   * Turns the user's second factor off, for a user who lost both the phone and the recovery codes:
   * the TOTP secret, the recovery codes and any login waiting for a code go. The password alone
   * logs in again until the user enrols anew. Answers the user whether or not a factor was on.
   */
  async resetMfa(name: string): Promise<UserView> {
    const user = await this.findUser(name);
    await this.stores.mfa.remove(user.id);
    return viewOf(user);
  }

  /** Live and expired rows of the revocation tables; with Redis, revocations themselves live there. */
  async revocationStats(): Promise<{ stats: RevocationStats; revocations_in_redis: boolean }> {
    return { stats: await this.#revocationAdmin.stats(this.clock() / 1000), revocations_in_redis: this.config.redisUrl !== undefined };
  }

  /** Deletes entries no token can match any more, telling `progress`; answers how many rows went. */
  async pruneRevocations(progress?: (done: number, total: number) => void): Promise<number> {
    const horizon = pruneHorizon(this.clock(), this.config.jwt.leewaySeconds);
    const deleted = await this.#revocationAdmin.prune(horizon, progress);
    if (this.config.redisUrl !== undefined) await this.stores.revocations.prune(horizon);
    await this.stores.counters.prune(this.clock());
    return deleted;
  }

  /** The token decoded, and whether this server's guard would accept it. */
  async inspectToken(token: string, expected?: TokenType): Promise<Inspection> {
    if (!this.authenticate) throw new TypeError("inspecting tokens needs the server's guard (the authenticate argument)");
    return inspectToken(
      token,
      {
        authenticate: this.authenticate,
        sessionEndedAt: async (sid) => (await this.stores.sessions.find(sid))?.revokedAt ?? null,
      },
      expected,
    );
  }

  /**
   * The user `name` names. A name shaped like an id (any spelling of a UUID) is looked up by id
   * only: an account whose username looks like another's id (registration refuses such names, an
   * old database may hold one) is never the one an id reaches (S-31).
   */
  private async findUser(name: string): Promise<User> {
    const id = userIdIn(name);
    const user = id === undefined ? await this.stores.users.findByUsername(name) : await this.stores.users.findById(id);
    if (!user) throw new JotError("not_found", id === undefined ? `No user named "${name}"` : `No user with id ${id}`);
    return user;
  }

  private async sessionsOf(user: User): Promise<SessionView[]> {
    return (await this.stores.sessions.listLive(user.id, this.clock() / 1000)).map(adminSessionViewOf);
  }
}

/** One-time tokens on the stores, delivered by the configured channel: the admin command's, outside the server. */
export function oneTimeTokensOn(stores: Partial<Pick<Stores, "oneTimeTokens">>, clock: Clock, config: Config): OneTimeTokens {
  if (!stores.oneTimeTokens) throw new TypeError("reset and verification tokens need stores.oneTimeTokens or the server's oneTimeTokens");
  const deliver = deliveryFor(config, clock);
  return new OneTimeTokens(stores.oneTimeTokens, clock, { lifetimeSeconds: config.passwordReset.ttlSeconds, ...(deliver ? { deliver } : {}), logError: stdoutErrorLog });
}

function checkRole(role: string): void {
  if (!ROLE.test(role)) throw new JotError("invalid_request", `"${role}" is not a role name (letters, digits, _ . : -; at most 64)`);
}

function viewOf(user: User): UserView {
  return { id: user.id, username: user.username, roles: user.roles, disabled_at: user.disabledAt === null ? null : new Date(user.disabledAt).toISOString() };
}

function passkeyViewOf(passkey: StoredPasskey): PasskeyView {
  return { ...passkeySummaryOf(passkey), user_id: passkey.userId, flagged_at: passkey.flaggedAt === null ? null : new Date(passkey.flaggedAt).toISOString() };
}

function adminSessionViewOf(session: SessionRecord): SessionView {
  return { ...sessionSummaryOf(session), user_id: session.userId };
}
