import type { SQL } from "bun";
import { orUnavailable, type OneTimeTokenKind, type OneTimeTokenRecord, type OneTimeTokenStore } from "@jot/elysia/server";

/** One-time tokens (password resets, email verifications) in the SQL database (SQLite or Postgres), by hash only. */
export class SqlOneTimeTokenStore implements OneTimeTokenStore {
  constructor(private readonly sql: SQL) {}

  replace(record: OneTimeTokenRecord): Promise<void> {
    return orUnavailable("database", "oneTimeTokens.replace", async () => {
      // One transaction: the previous token is gone exactly when the new one exists.
      await this.sql.begin(async (tx) => {
        await tx`delete from one_time_tokens where user_id = ${record.subject} and kind = ${record.kind}`;
        await tx`
          insert into one_time_tokens (token_hash, kind, user_id, email, expires_at)
          values (${record.hash}, ${record.kind}, ${record.subject}, ${record.email}, ${record.expiresAt})`;
      });
    });
  }

  /** One statement removes and answers the row: of two redemptions racing with one token, one gets it. */
  take(hash: string, kind: OneTimeTokenKind): Promise<OneTimeTokenRecord | undefined> {
    return orUnavailable("database", "oneTimeTokens.take", async () => {
      const [row] = await this.sql`delete from one_time_tokens where token_hash = ${hash} and kind = ${kind} returning *`;
      if (row === undefined) return undefined;
      const { token_hash, user_id, email, expires_at } = row as { token_hash: string; user_id: string; email: string | null; expires_at: number | string };
      // Postgres answers `bigint` as a string; SQLite as a number.
      return { hash: token_hash, kind, subject: user_id, email, expiresAt: Number(expires_at) };
    });
  }

  discard(subject: string, kind: OneTimeTokenKind): Promise<void> {
    return orUnavailable("database", "oneTimeTokens.discard", async () => {
      await this.sql`delete from one_time_tokens where user_id = ${subject} and kind = ${kind}`;
    });
  }

  prune(now: number): Promise<void> {
    return orUnavailable("database", "oneTimeTokens.prune", async () => {
      await this.sql`delete from one_time_tokens where expires_at <= ${now}`;
    });
  }
}
