import type { SQL } from "bun";
import { markCovers, type MemoryRevocationStore, orUnavailable, type RevocableToken, type RevocationStore, type UserRevocationMark } from "@jot/elysia/server";
import { readTextBigintRows } from "./copy-binary-rows.ts";
import { applyEntry, userMarkValue, type RevocationEntry, type RevocationKind } from "./revocation-entry.ts";
import { REVOCATION_TABLES } from "./revocation-tables.ts";

/**
 * Runs inside each write's transaction with the entry as stored after it: a Postgres NOTIFY there
 * is delivered when, and only when, the write commits.
 */
export type AnnounceRevocation = (tx: SQL, entry: RevocationEntry) => Promise<unknown>;

const { token: TOKENS, session: SESSIONS, user: USERS } = REVOCATION_TABLES;

/** Rows read per query when loading a SQLite mirror: a million entries never sit in one result. */
const LOAD_BATCH = 10_000;

/** Revocations in the SQL database (SQLite or Postgres): they survive a restart. */
export class SqlRevocationStore implements RevocationStore {
  /**
   * @param announce - when given, every write runs in a transaction that also calls it, so a write
   *   is never stored unannounced (the Postgres LISTEN/NOTIFY mirror).
   */
  constructor(
    private readonly sql: SQL,
    private readonly announce?: AnnounceRevocation,
  ) {}

  async revokeToken(jti: string, until: number): Promise<void> {
    await this.writeToken(jti, until);
  }
  async revokeSession(sid: string, until: number): Promise<void> {
    await this.writeSession(sid, until);
  }
  async revokeUserSessions(sub: string, mark: UserRevocationMark, until: number): Promise<void> {
    await this.writeUserMark(sub, mark, until);
  }

  /** {@link revokeToken}, answering the entry as stored after the write (for a mirror to apply). */
  writeToken(jti: string, until: number): Promise<RevocationEntry> {
    return this.#write("token", jti, (sql) => sql`
      insert into ${sql(TOKENS.table)} (${sql(TOKENS.id)}, expires_at) values (${jti}, ${until})
      on conflict (${sql(TOKENS.id)}) do update set expires_at = case when excluded.expires_at > ${sql(TOKENS.table)}.expires_at
        then excluded.expires_at else ${sql(TOKENS.table)}.expires_at end
      returning expires_at`);
  }

  /** {@link revokeSession}, answering the entry as stored after the write. */
  writeSession(sid: string, until: number): Promise<RevocationEntry> {
    return this.#write("session", sid, (sql) => sql`
      insert into ${sql(SESSIONS.table)} (${sql(SESSIONS.id)}, expires_at) values (${sid}, ${until})
      on conflict (${sql(SESSIONS.id)}) do update set expires_at = case when excluded.expires_at > ${sql(SESSIONS.table)}.expires_at
        then excluded.expires_at else ${sql(SESSIONS.table)}.expires_at end
      returning expires_at`);
  }

  /** {@link revokeUserSessions}, answering the entry as stored after the write. */
  writeUserMark(sub: string, mark: UserRevocationMark, until: number): Promise<RevocationEntry> {
    // A mark only moves forward in time; its lifetime only grows.
    return this.#write("user", sub, (sql) => sql`
      insert into ${sql(USERS.table)} (${sql(USERS.id)}, revoked_before, except_sid, expires_at)
      values (${sub}, ${mark.before}, ${mark.exceptSid ?? null}, ${until})
      on conflict (${sql(USERS.id)}) do update set
        revoked_before = case when excluded.revoked_before >= ${sql(USERS.table)}.revoked_before
          then excluded.revoked_before else ${sql(USERS.table)}.revoked_before end,
        except_sid = case when excluded.revoked_before >= ${sql(USERS.table)}.revoked_before
          then excluded.except_sid else ${sql(USERS.table)}.except_sid end,
        expires_at = case when excluded.expires_at > ${sql(USERS.table)}.expires_at
          then excluded.expires_at else ${sql(USERS.table)}.expires_at end
      returning revoked_before, except_sid, expires_at`);
  }

  isRevoked(token: RevocableToken): Promise<boolean> {
    return orUnavailable("database", "revocations.isRevoked", async () => {
      const { sql } = this;
      const rows = await sql`
        select 1 as hit from ${sql(TOKENS.table)} where ${sql(TOKENS.id)} = ${token.jti}
        union all select 1 from ${sql(SESSIONS.table)} where ${sql(SESSIONS.id)} = ${token.sid ?? ""}`;
      if (rows.length > 0) return true;
      const [user] = await sql`select revoked_before, except_sid from ${sql(USERS.table)} where ${sql(USERS.id)} = ${token.sub}`;
      return user !== undefined && markCovers(toMark(user), token);
    });
  }

  prune(nowSeconds: number): Promise<number> {
    return orUnavailable("database", "revocations.prune", async () => {
      let dropped = 0;
      for (const { table } of Object.values(REVOCATION_TABLES)) {
        const result = await this.sql`delete from ${this.sql(table)} where expires_at <= ${nowSeconds}`;
        dropped += result.count;
      }
      return dropped;
    });
  }

  ping(): Promise<void> {
    return orUnavailable("database", "revocations.ping", async () => void (await this.sql`select 1`));
  }

  /**
   * Applies every entry still in force at `nowSeconds` to `memory`; answers how many were applied.
   * On Postgres token and session ids stream in through one `COPY … TO STDOUT (FORMAT binary)`
   * each, read as they arrive (no row objects, no pages to sort); on SQLite they come in pages of
   * {@link LOAD_BATCH} rows. Either way a million entries never sit in one result. An entry written
   * meanwhile is either read or, for a mirror that listens from before the load, announced to it.
   * User marks, few, come as rows.
   */
  loadInto(memory: MemoryRevocationStore, nowSeconds: number): Promise<number> {
    return orUnavailable("database", "revocations.load", async () => {
      let applied = 0;
      for (const kind of ["token", "session"] as const) {
        const apply = kind === "token" ? memory.applyToken.bind(memory) : memory.applySession.bind(memory);
        applied += this.sql.options.adapter === "sqlite" ? await this.#pageIds(kind, apply, nowSeconds) : await this.#copyIds(kind, apply, nowSeconds);
      }
      return applied + (await this.#loadUserMarks(memory, nowSeconds));
    });
  }

  /** Postgres: the ids in force and their times, streamed. COPY takes no parameters: the time is written in, a whole number. */
  #copyIds(kind: "token" | "session", apply: (id: string, until: number) => void, nowSeconds: number): Promise<number> {
    const { table, id } = REVOCATION_TABLES[kind];
    const after = Math.floor(nowSeconds);
    if (!Number.isSafeInteger(after)) throw new TypeError("nowSeconds must be a finite number");
    const copy = this.sql.unsafe(`copy (select ${id}, expires_at from ${table} where expires_at > ${after}) to stdout (format binary)`);
    return readTextBigintRows(copy.readable(), apply);
  }

  /** SQLite: pages in rowid (storage) order, several times faster than by the text key, which reads rows in random order. */
  async #pageIds(kind: "token" | "session", apply: (id: string, until: number) => void, nowSeconds: number): Promise<number> {
    const { sql } = this;
    const { table, id } = REVOCATION_TABLES[kind];
    let applied = 0;
    for (let after = 0; ; ) {
      const rows: Array<[number, string, number]> = await sql`
        select rowid, ${sql(id)}, expires_at from ${sql(table)}
        where rowid > ${after} and expires_at > ${nowSeconds} order by rowid limit ${LOAD_BATCH}`.values();
      for (const [, revoked, until] of rows) apply(revoked, Number(until));
      applied += rows.length;
      if (rows.length < LOAD_BATCH) return applied;
      after = rows[rows.length - 1]![0];
    }
  }

  async #loadUserMarks(memory: MemoryRevocationStore, nowSeconds: number): Promise<number> {
    const { sql } = this;
    const { table, id } = REVOCATION_TABLES.user;
    let applied = 0;
    const rows: LoadedRow[] = await sql`select ${sql(id)} as id, * from ${sql(table)} where expires_at > ${nowSeconds}`;
    for (const row of rows) if (applyEntry(memory, { kind: "user", id: row.id, value: valueOf(row) })) applied++;
    return applied;
  }

  #write(kind: RevocationKind, id: string, statement: (sql: SQL) => Promise<LoadedRow[]>): Promise<RevocationEntry> {
    const { announce } = this;
    return orUnavailable("database", "revocations.write", async () => {
      const run = async (sql: SQL) => {
        const [row] = await statement(sql);
        if (!row) throw new Error("the revocation write answered no row");
        return { kind, id, value: valueOf(row) };
      };
      if (!announce) return run(this.sql);
      return this.sql.begin(async (tx) => {
        const entry = await run(tx);
        await announce(tx, entry);
        return entry;
      });
    });
  }
}

interface UserRow {
  revoked_before: number | string;
  except_sid: string | null;
}

/** A row as written or loaded; the user-mark columns only for user marks. */
type LoadedRow = { id: string; expires_at: number | string } & Partial<UserRow>;

/** The entry value of a row (see `revocation-entry.ts`). Postgres answers `bigint` as text, SQLite as a number: both print alike. */
function valueOf(row: Omit<LoadedRow, "id">): string {
  if (row.revoked_before === undefined) return String(row.expires_at);
  return userMarkValue(row.revoked_before, row.expires_at, row.except_sid);
}

/** Postgres answers `bigint` as a string; SQLite as a number. */
function toMark(row: UserRow): UserRevocationMark {
  return { before: Number(row.revoked_before), exceptSid: row.except_sid ?? undefined };
}
