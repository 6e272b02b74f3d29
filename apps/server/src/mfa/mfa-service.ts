import type { MfaChallenge as MfaChallengeBody, RecoveryCodes, SecondFactor, TotpEnrolment } from "@jot/shared";
import { type Clock, JotError } from "@jot/elysia/server";
import type { AuditLog } from "../logging/audit-log.ts";
import type { Throttle } from "../throttle/throttle.ts";
import type { MfaChallenge, MfaStore } from "./mfa-store.ts";
import { hashOneTimeSecret, newOneTimeToken, newRecoveryCodes, normalizeRecoveryCode } from "./one-time-secret.ts";
import type { SecretBox } from "./secret-box.ts";
import { matchingStep, newTotpSecret, otpauthUrl } from "./totp.ts";

/** How long an `mfa_token` lives: enough to open the authenticator app and type six digits. */
export const MFA_TOKEN_SECONDS = 5 * 60;

/** What the service is built on. */
export interface MfaServiceDeps {
  store: MfaStore;
  box: SecretBox;
  clock: Clock;
  /** Wrong codes, per account (S-17, S-32). */
  throttle: Throttle;
  audit: AuditLog;
  /** The issuer name authenticator apps show. */
  issuer: string;
}

/** Who a second factor is checked for, and the request that brought it (for the audit log). */
export interface FactorCheck {
  userId: string;
  request: Request;
}

/**
 * The TOTP second factor (RFC 6238) and its recovery codes: enrolment, confirmation, checking a
 * code once (S-32), the logins that wait for one, and turning it off.
 */
export class MfaService {
  constructor(private readonly deps: MfaServiceDeps) {}

  /** Whether the user's logins wait for a second factor. */
  isEnabled(userId: string): Promise<boolean> {
    return this.deps.store.isEnabled(userId);
  }

  /**
   * A new secret for the user's authenticator app, kept sealed until a code confirms it; the
   * factor is not on yet. Refused while a factor is on: turning it off first takes a code.
   */
  async enrol(user: { id: string; username: string }, request: Request): Promise<TotpEnrolment> {
    if (await this.isEnabled(user.id)) throw new JotError("invalid_request", "The second factor is already on; turn it off first");
    const secret = newTotpSecret();
    if (!(await this.deps.store.savePending(user.id, await this.deps.box.seal(secret, user.id)))) {
      throw new JotError("invalid_request", "The second factor is already on; turn it off first");
    }
    this.deps.audit("mfa_enrolment_started", request, { user_id: user.id });
    return { secret, otpauth_url: otpauthUrl(secret, { issuer: this.deps.issuer, account: user.username }) };
  }

  /** Turns the factor on with the first code of the enrolled secret; answers the recovery codes, this once. */
  async confirm(check: FactorCheck, code: string): Promise<RecoveryCodes> {
    const totp = await this.deps.store.totpOf(check.userId);
    if (totp === undefined || totp.enabledAt !== null) throw new JotError("invalid_request", "No enrolment waits for confirmation; start one with POST /auth/mfa/totp");
    await this.checkFactor(check, { code }, { pendingToo: true });
    const codes = newRecoveryCodes();
    if (!(await this.deps.store.enable(check.userId, codes.map((recovery) => hashOneTimeSecret(normalizeRecoveryCode(recovery)))))) {
      throw new JotError("invalid_request", "The second factor is already on; turn it off first");
    }
    this.deps.audit("mfa_enabled", check.request, { user_id: check.userId });
    return { recovery_codes: codes };
  }

  /** Turns the factor off, with a code or a recovery code (a lost phone). */
  async disable(check: FactorCheck, factor: SecondFactor): Promise<void> {
    if (!(await this.isEnabled(check.userId))) throw new JotError("invalid_request", "The second factor is not on");
    await this.checkFactor(check, factor);
    await this.deps.store.remove(check.userId);
    this.deps.audit("mfa_disabled", check.request, { user_id: check.userId });
  }

  /** Turns a user's factor off without a code: the admin command, for a user who lost phone and codes. */
  async reset(userId: string): Promise<boolean> {
    return this.deps.store.remove(userId);
  }

  /** A login whose password was right waits for its second factor: its single-use `mfa_token`. */
  async challenge(challenge: MfaChallenge, request: Request): Promise<MfaChallengeBody> {
    const token = newOneTimeToken();
    await this.deps.store.createChallenge(hashOneTimeSecret(token), challenge, challenge.createdAt + MFA_TOKEN_SECONDS * 1000);
    this.deps.audit("login_mfa_required", request, { user_id: challenge.userId });
    return { mfa_required: true, mfa_token: token, expires_in: MFA_TOKEN_SECONDS };
  }

  /**
   * Finishes a waiting login: the token must be live, the factor right, and the token is then
   * used up. Answers the login it stood for; any failure is `invalid_code`.
   */
  async redeem(mfaToken: string, factor: SecondFactor, request: Request): Promise<MfaChallenge> {
    const tokenHash = hashOneTimeSecret(mfaToken);
    const challenge = await this.deps.store.findChallenge(tokenHash);
    if (challenge === undefined) throw new JotError("invalid_code", "The mfa_token is unknown, used or expired; log in again");
    await this.checkFactor({ userId: challenge.userId, request }, factor);
    // A second request with the same token and another good code loses here.
    if (!(await this.deps.store.consumeChallenge(tokenHash))) throw new JotError("invalid_code", "The mfa_token is unknown, used or expired; log in again");
    return challenge;
  }

  /**
   * Checks a code or recovery code of the user, throttled per account before it is looked at:
   * past the limit even a right code gets 429 (S-17). A right one clears the account's count and
   * is used up: a TOTP code's time-step is remembered, so the same code (or an older one) is
   * refused from then on; a recovery code is marked used.
   */
  private async checkFactor(check: FactorCheck, factor: SecondFactor, { pendingToo = false } = {}): Promise<void> {
    const { userId, request } = check;
    const method = "code" in factor ? "totp" : "recovery_code";
    const key = `mfa:account:${userId}`;
    await this.deps.throttle.reserve([key], this.deps.clock(), () => this.deps.audit("mfa_throttled", request, { user_id: userId, method }));
    if (!(await this.accepts(userId, factor, pendingToo))) {
      this.deps.audit("mfa_failed", request, { user_id: userId, method, code: "invalid_code" });
      throw new JotError("invalid_code");
    }
    await this.deps.throttle.clear(key);
    this.deps.audit("mfa_verified", request, { user_id: userId, method });
  }

  private async accepts(userId: string, factor: SecondFactor, pendingToo: boolean): Promise<boolean> {
    if ("recovery_code" in factor) {
      if (!(await this.isEnabled(userId))) return false;
      return this.deps.store.useRecoveryCode(userId, hashOneTimeSecret(normalizeRecoveryCode(factor.recovery_code)));
    }
    const totp = await this.deps.store.totpOf(userId);
    if (totp === undefined || (totp.enabledAt === null && !pendingToo)) return false;
    const secret = await this.deps.box.open(totp.secretSealed, userId);
    const step = matchingStep(secret, factor.code, this.deps.clock());
    return step !== null && (await this.deps.store.useStep(userId, step));
  }
}
