import type { SQL } from "bun";
import { type Clock, orUnavailable } from "@jot/elysia/server";
import { usernameKey } from "./username-key.ts";

/**
 * What a password was made into before it was hashed (S-33): `nfkc` for every hash made now;
 * `as_sent` for hashes stored before passwords were normalized, which keep verifying.
 */
export type PasswordForm = "nfkc" | "as_sent";

/** A user as stored. */
export interface User {
  id: string;
  username: string;
  passwordHash: string;
  /** What `passwordHash` was made from: the normalized password, or (stored before that) the password as sent. */
  passwordForm: PasswordForm;
  roles: string[];
  /** When the account was disabled (ms); `null` while it may log in and refresh. */
  disabledAt: number | null;
}

/**
 * Users in the SQL database (SQLite or Postgres). Usernames are unique regardless of case. Every
 * hash written here is of a normalized password (`password-form.ts`), and is marked so.
 */
export class UserStore {
  constructor(
    private readonly sql: SQL,
    private readonly clock: Clock,
  ) {}

  /** Creates a user, or answers `undefined` when the username is taken. */
  create(user: { username: string; passwordHash: string; roles: string[] }): Promise<User | undefined> {
    return orUnavailable("database", "users.create", async () => {
      const now = this.clock();
      const id = Bun.randomUUIDv7("hex", now);
      // `on conflict do nothing` decides a race between two registrations without an error.
      const rows = await this.sql`
        insert into users (id, username, username_key, password_hash, password_form, roles, created_at, updated_at)
        values (${id}, ${user.username}, ${usernameKey(user.username)}, ${user.passwordHash}, ${NORMALIZED},
                ${JSON.stringify(user.roles)}, ${now}, ${now})
        on conflict (username_key) do nothing
        returning id`;
      return rows.length === 0 ? undefined : { id, ...user, passwordForm: NORMALIZED, disabledAt: null };
    });
  }

  findByUsername(username: string): Promise<User | undefined> {
    return orUnavailable("database", "users.findByUsername", async () => {
      const [row] = await this.sql`select * from users where username_key = ${usernameKey(username)}`;
      return row === undefined ? undefined : toUser(row);
    });
  }

  findById(id: string): Promise<User | undefined> {
    return orUnavailable("database", "users.findById", async () => {
      const [row] = await this.sql`select * from users where id = ${id}`;
      return row === undefined ? undefined : toUser(row);
    });
  }

  setPasswordHash(id: string, passwordHash: string): Promise<void> {
    return orUnavailable("database", "users.setPasswordHash", async () => {
      await this.sql`update users set password_hash = ${passwordHash}, password_form = ${NORMALIZED}, updated_at = ${this.clock()} where id = ${id}`;
    });
  }

  /**
   * Replaces `previousHash` with a hash of the same password normalized; answers false when the
   * stored hash is no longer `previousHash` (a password change came first, and wins).
   */
  replacePasswordHash(id: string, previousHash: string, passwordHash: string): Promise<boolean> {
    return orUnavailable("database", "users.replacePasswordHash", async () => {
      const rows = await this.sql`
        update users set password_hash = ${passwordHash}, password_form = ${NORMALIZED}, updated_at = ${this.clock()}
        where id = ${id} and password_hash = ${previousHash}
        returning id`;
      return rows.length > 0;
    });
  }
}

/** The form every hash is written in now. */
const NORMALIZED = "nfkc" satisfies PasswordForm;

/** A stored row as a {@link User}; exported for the admin queries on the same table. */
export function toUser(row: { id: string; username: string; password_hash: string; password_form?: string | null; roles: string; disabled_at?: number | string | null }): User {
  return {
    id: row.id,
    username: row.username,
    passwordHash: row.password_hash,
    passwordForm: row.password_form === NORMALIZED ? NORMALIZED : "as_sent",
    roles: JSON.parse(row.roles) as string[],
    // Postgres answers `bigint` as a string; SQLite as a number.
    disabledAt: row.disabled_at === null || row.disabled_at === undefined ? null : Number(row.disabled_at),
  };
}
