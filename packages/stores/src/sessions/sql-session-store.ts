import type { SQL } from "bun";
import { orUnavailable, type NewSession, type Rotation, type SessionRecord, type SessionStore } from "@jot/elysia/server";

/** Sessions in the SQL database (SQLite or Postgres). */
export class SqlSessionStore implements SessionStore {
  constructor(private readonly sql: SQL) {}

  create(session: NewSession): Promise<void> {
    return orUnavailable("database", "sessions.create", async () => {
      await this.sql`
        insert into sessions (id, user_id, created_at, last_used_at, user_agent, roles, additional_claims, current_jti, current_iat, current_exp, expires_at)
        values (${session.id}, ${session.userId}, ${session.createdAt}, ${session.lastUsedAt}, ${session.userAgent},
                ${JSON.stringify(session.roles)}, ${JSON.stringify(session.additionalClaims)},
                ${session.current.jti}, ${session.current.iat}, ${session.current.exp}, ${session.expiresAt})`;
    });
  }

  find(id: string): Promise<SessionRecord | undefined> {
    return orUnavailable("database", "sessions.find", async () => {
      const [row] = await this.sql`select * from sessions where id = ${id}`;
      return row === undefined ? undefined : toRecord(row);
    });
  }

  /**
   * Replaces the current refresh token with the next one, only if the presented token is still the
   * current one and the session is not revoked: one statement, so of two racing refreshes with the
   * same token exactly one rotates (S-12). Answers whether this call rotated.
   */
  rotate(id: string, rotation: Rotation): Promise<boolean> {
    return orUnavailable("database", "sessions.rotate", async () => {
      const rows = await this.sql`
        update sessions set
          previous_jti = current_jti, rotated_at = ${rotation.now}, last_used_at = ${rotation.now},
          current_jti = ${rotation.next.jti}, current_iat = ${rotation.next.iat}, current_exp = ${rotation.next.exp}
        where id = ${id} and current_jti = ${rotation.presentedJti} and revoked_at is null
        returning id`;
      return rows.length === 1;
    });
  }

  /**
   * Honours a rotated-out refresh token once within the grace window: the token must be the one
   * rotated out last, at or after `rotatedSince` (ms), and it stops being so in the same statement,
   * so a second presentation (a thief following the real client) is reuse. Answers whether it was honoured.
   */
  redeemGrace(id: string, presentedJti: string, rotatedSince: number, now: number): Promise<boolean> {
    return orUnavailable("database", "sessions.redeemGrace", async () => {
      const rows = await this.sql`
        update sessions set previous_jti = null, last_used_at = ${now}
        where id = ${id} and previous_jti = ${presentedJti} and rotated_at > ${rotatedSince} and revoked_at is null
        returning id`;
      return rows.length === 1;
    });
  }

  /** The user's sessions that are neither revoked nor past their absolute expiry, newest first. */
  listLive(userId: string, nowSeconds: number): Promise<SessionRecord[]> {
    return orUnavailable("database", "sessions.listLive", async () => {
      const rows = await this.sql`
        select * from sessions
        where user_id = ${userId} and revoked_at is null and expires_at > ${nowSeconds}
        order by created_at desc`;
      return rows.map(toRecord);
    });
  }

  /** Marks one session revoked; answers false when it was not this user's or already revoked. */
  revoke(id: string, userId: string, now: number): Promise<boolean> {
    return orUnavailable("database", "sessions.revoke", async () => {
      const rows = await this.sql`
        update sessions set revoked_at = ${now}
        where id = ${id} and user_id = ${userId} and revoked_at is null
        returning id`;
      return rows.length === 1;
    });
  }

  /** Marks every session of the user revoked in one statement, but `exceptId`. */
  revokeAllOf(userId: string, now: number, exceptId?: string): Promise<void> {
    return orUnavailable("database", "sessions.revokeAllOf", async () => {
      await this.sql`
        update sessions set revoked_at = ${now}
        where user_id = ${userId} and revoked_at is null and id <> ${exceptId ?? ""}`;
    });
  }

  /**
   * The moment a user-wide revocation must reach: now, or the start of the user's newest session
   * if that is later — a session started by an instance whose clock runs ahead is covered too.
   */
  revocationPoint(userId: string, now: number): Promise<number> {
    return orUnavailable("database", "sessions.revocationPoint", async () => {
      const [row] = await this.sql`select max(created_at) as latest from sessions where user_id = ${userId}`;
      return Math.max(now, Number(row?.latest ?? 0));
    });
  }

  /** Drops sessions past their absolute expiry; answers how many. */
  prune(nowSeconds: number): Promise<number> {
    return orUnavailable("database", "sessions.prune", async () => (await this.sql`delete from sessions where expires_at <= ${nowSeconds}`).count);
  }
}

interface SessionRow {
  id: string;
  user_id: string;
  created_at: number | string;
  last_used_at: number | string;
  user_agent: string | null;
  roles: string | null;
  additional_claims: string | null;
  current_jti: string;
  current_iat: number | string;
  current_exp: number | string;
  previous_jti: string | null;
  rotated_at: number | string | null;
  expires_at: number | string;
  revoked_at: number | string | null;
}

/** Postgres answers `bigint` as a string; SQLite as a number. */
function toRecord(row: SessionRow): SessionRecord {
  const nullable = (value: number | string | null) => (value === null ? null : Number(value));
  return {
    id: row.id,
    userId: row.user_id,
    createdAt: Number(row.created_at),
    lastUsedAt: Number(row.last_used_at),
    userAgent: row.user_agent,
    // Sessions begun before roles and claims were kept with them carry none.
    roles: row.roles === null ? [] : JSON.parse(row.roles),
    additionalClaims: row.additional_claims === null ? {} : JSON.parse(row.additional_claims),
    current: { jti: row.current_jti, iat: Number(row.current_iat), exp: Number(row.current_exp) },
    previousJti: row.previous_jti,
    rotatedAt: nullable(row.rotated_at),
    expiresAt: Number(row.expires_at),
    revokedAt: nullable(row.revoked_at),
  };
}
