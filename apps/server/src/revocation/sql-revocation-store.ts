import type { SQL } from "bun";
import { orUnavailable } from "../db/store-failure.ts";
import { markCovers, type RevocableToken, type RevocationStore, type UserRevocationMark } from "./revocation-store.ts";

/** One user mark as stored. */
export interface StoredUserMark {
  sub: string;
  mark: UserRevocationMark;
  until: number;
}

/** Every live entry, for loading a mirror. */
export interface RevocationSnapshot {
  tokens: Array<{ jti: string; until: number }>;
  sessions: Array<{ sid: string; until: number }>;
  users: StoredUserMark[];
}

/** Revocations in the SQL database (SQLite or Postgres): they survive a restart. */
export class SqlRevocationStore implements RevocationStore {
  constructor(private readonly sql: SQL) {}

  revokeToken(jti: string, until: number): Promise<void> {
    return this.#write(() => this.sql`
      insert into revoked_tokens (jti, expires_at) values (${jti}, ${until})
      on conflict (jti) do update set expires_at = case when excluded.expires_at > revoked_tokens.expires_at
        then excluded.expires_at else revoked_tokens.expires_at end`);
  }

  revokeSession(sid: string, until: number): Promise<void> {
    return this.#write(() => this.sql`
      insert into revoked_sessions (sid, expires_at) values (${sid}, ${until})
      on conflict (sid) do update set expires_at = case when excluded.expires_at > revoked_sessions.expires_at
        then excluded.expires_at else revoked_sessions.expires_at end`);
  }

  revokeUserSessions(sub: string, mark: UserRevocationMark, until: number): Promise<void> {
    // A mark only moves forward in time; its lifetime only grows.
    return this.#write(() => this.sql`
      insert into user_revocations (user_id, revoked_before, except_sid, expires_at)
      values (${sub}, ${mark.before}, ${mark.exceptSid ?? null}, ${until})
      on conflict (user_id) do update set
        revoked_before = case when excluded.revoked_before >= user_revocations.revoked_before
          then excluded.revoked_before else user_revocations.revoked_before end,
        except_sid = case when excluded.revoked_before >= user_revocations.revoked_before
          then excluded.except_sid else user_revocations.except_sid end,
        expires_at = case when excluded.expires_at > user_revocations.expires_at
          then excluded.expires_at else user_revocations.expires_at end`);
  }

  isRevoked(token: RevocableToken): Promise<boolean> {
    return orUnavailable("database", "revocations.isRevoked", async () => {
      const rows = await this.sql`
        select 1 as hit from revoked_tokens where jti = ${token.jti}
        union all select 1 from revoked_sessions where sid = ${token.sid ?? ""}`;
      if (rows.length > 0) return true;
      const [user] = await this.sql`select revoked_before, except_sid from user_revocations where user_id = ${token.sub}`;
      return user !== undefined && markCovers(toMark(user), token);
    });
  }

  prune(nowSeconds: number): Promise<number> {
    return orUnavailable("database", "revocations.prune", async () => {
      let dropped = 0;
      for (const table of ["revoked_tokens", "revoked_sessions", "user_revocations"]) {
        const result = await this.sql`delete from ${this.sql(table)} where expires_at <= ${nowSeconds}`;
        dropped += result.count;
      }
      return dropped;
    });
  }

  ping(): Promise<void> {
    return orUnavailable("database", "revocations.ping", async () => void (await this.sql`select 1`));
  }

  /** Every entry still in force at `nowSeconds`. */
  snapshot(nowSeconds: number): Promise<RevocationSnapshot> {
    return orUnavailable("database", "revocations.snapshot", async () => {
      const tokens = await this.sql`select jti, expires_at from revoked_tokens where expires_at > ${nowSeconds}`;
      const sessions = await this.sql`select sid, expires_at from revoked_sessions where expires_at > ${nowSeconds}`;
      const users = await this.sql`
        select user_id, revoked_before, except_sid, expires_at from user_revocations where expires_at > ${nowSeconds}`;
      return {
        tokens: tokens.map((row: { jti: string; expires_at: number | string }) => ({ jti: row.jti, until: Number(row.expires_at) })),
        sessions: sessions.map((row: { sid: string; expires_at: number | string }) => ({ sid: row.sid, until: Number(row.expires_at) })),
        users: users.map((row: UserRow & { user_id: string; expires_at: number | string }) => ({
          sub: row.user_id,
          mark: toMark(row),
          until: Number(row.expires_at),
        })),
      };
    });
  }

  #write(statement: () => Promise<unknown>): Promise<void> {
    return orUnavailable("database", "revocations.write", async () => void (await statement()));
  }
}

interface UserRow {
  revoked_before: number | string;
  except_sid: string | null;
}

/** Postgres answers `bigint` as a string; SQLite as a number. */
function toMark(row: UserRow): UserRevocationMark {
  return { before: Number(row.revoked_before), exceptSid: row.except_sid ?? undefined };
}
