import type { SQL } from "bun";
import { type Clock, orUnavailable } from "@jot/elysia/server";

/** A user's TOTP factor as stored: the secret still sealed. */
export interface StoredTotp {
  secretSealed: string;
  /** When it was confirmed (ms); `null` while enrolment waits for its first code. */
  enabledAt: number | null;
  /** The newest time-step a code was accepted for. */
  lastStep: number | null;
}

/** A login waiting for its second factor. */
export interface MfaChallenge {
  userId: string;
  /** When the password was checked (ms): the session begins then, as a login's does. */
  createdAt: number;
}

/**
 * The second factor's tables (S-32): TOTP secrets sealed, recovery codes and `mfa_token`s only as
 * hashes. Every "use once" is one conditional statement, so two requests racing with the same
 * code, recovery code or token never both succeed.
 */
export class MfaStore {
  constructor(
    private readonly sql: SQL,
    private readonly clock: Clock,
  ) {}

  totpOf(userId: string): Promise<StoredTotp | undefined> {
    return orUnavailable("database", "mfa.totpOf", async () => {
      const [row] = await this.sql`select secret_sealed, enabled_at, last_step from mfa_totp where user_id = ${userId}`;
      if (row === undefined) return undefined;
      return { secretSealed: row.secret_sealed, enabledAt: numberOrNull(row.enabled_at), lastStep: numberOrNull(row.last_step) };
    });
  }

  /** Whether the user's second factor is on. */
  async isEnabled(userId: string): Promise<boolean> {
    return (await this.totpOf(userId))?.enabledAt != null;
  }

  /** Keeps a new secret waiting for confirmation, replacing one that waited; never one that is on. */
  savePending(userId: string, secretSealed: string): Promise<boolean> {
    return orUnavailable("database", "mfa.savePending", async () => {
      const now = this.clock();
      await this.sql`delete from mfa_totp where user_id = ${userId} and enabled_at is null`;
      const rows = await this.sql`
        insert into mfa_totp (user_id, secret_sealed, created_at) values (${userId}, ${secretSealed}, ${now})
        on conflict (user_id) do nothing
        returning user_id`;
      return rows.length > 0;
    });
  }

  /**
   * Records that a code of `step` was accepted: only when no code of that step or a later one was
   * (RFC 6238 §5.2: a code is accepted once). Answers false for a replay.
   */
  useStep(userId: string, step: number): Promise<boolean> {
    return orUnavailable("database", "mfa.useStep", async () => {
      const rows = await this.sql`
        update mfa_totp set last_step = ${step}
        where user_id = ${userId} and (last_step is null or last_step < ${step})
        returning user_id`;
      return rows.length > 0;
    });
  }

  /**
   * Turns a waiting factor on, with these recovery codes (hashed) in place of any earlier ones.
   * Answers false when none was waiting (another confirmation came first): nothing is changed.
   */
  enable(userId: string, recoveryCodeHashes: readonly string[]): Promise<boolean> {
    return orUnavailable("database", "mfa.enable", async () => {
      const now = this.clock();
      return this.sql.begin(async (tx) => {
        const enabled = await tx`update mfa_totp set enabled_at = ${now} where user_id = ${userId} and enabled_at is null returning user_id`;
        if (enabled.length === 0) return false;
        await tx`delete from mfa_recovery_codes where user_id = ${userId}`;
        for (const hash of recoveryCodeHashes) await tx`insert into mfa_recovery_codes (user_id, code_hash) values (${userId}, ${hash})`;
        return true;
      });
    });
  }

  /** Uses one recovery code: true once for each code, false for one unknown or used. */
  useRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
    return orUnavailable("database", "mfa.useRecoveryCode", async () => {
      const rows = await this.sql`
        update mfa_recovery_codes set used_at = ${this.clock()}
        where user_id = ${userId} and code_hash = ${codeHash} and used_at is null
        returning user_id`;
      return rows.length > 0;
    });
  }

  /** Turns the factor off: the secret, the recovery codes and waiting logins go. Answers whether it was there. */
  remove(userId: string): Promise<boolean> {
    return orUnavailable("database", "mfa.remove", async () => {
      return this.sql.begin(async (tx) => {
        const removed = await tx`delete from mfa_totp where user_id = ${userId} returning user_id`;
        await tx`delete from mfa_recovery_codes where user_id = ${userId}`;
        await tx`delete from mfa_challenges where user_id = ${userId}`;
        return removed.length > 0;
      });
    });
  }

  /** Keeps a login waiting for its second factor until `expiresAt` (ms), by its token's hash. */
  createChallenge(tokenHash: string, challenge: MfaChallenge, expiresAt: number): Promise<void> {
    return orUnavailable("database", "mfa.createChallenge", async () => {
      await this.sql`
        insert into mfa_challenges (token_hash, user_id, created_at, expires_at)
        values (${tokenHash}, ${challenge.userId}, ${challenge.createdAt}, ${expiresAt})`;
    });
  }

  /** The login a token stands for while it has not expired nor been used. */
  findChallenge(tokenHash: string): Promise<MfaChallenge | undefined> {
    return orUnavailable("database", "mfa.findChallenge", async () => {
      const [row] = await this.sql`
        select user_id, created_at from mfa_challenges where token_hash = ${tokenHash} and expires_at > ${this.clock()}`;
      return row === undefined ? undefined : { userId: row.user_id, createdAt: Number(row.created_at) };
    });
  }

  /** Uses a token: true once, for the request that removed it. */
  consumeChallenge(tokenHash: string): Promise<boolean> {
    return orUnavailable("database", "mfa.consumeChallenge", async () => {
      const rows = await this.sql`delete from mfa_challenges where token_hash = ${tokenHash} and expires_at > ${this.clock()} returning user_id`;
      return rows.length > 0;
    });
  }

  /** Drops tokens that expired unused. */
  prune(now: number): Promise<void> {
    return orUnavailable("database", "mfa.prune", async () => {
      await this.sql`delete from mfa_challenges where expires_at <= ${now}`;
    });
  }
}

// Postgres answers `bigint` as a string; SQLite as a number.
function numberOrNull(value: number | string | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}
