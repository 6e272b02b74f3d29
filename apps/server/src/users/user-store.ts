import type { SQL } from "bun";
import { type Clock, orUnavailable } from "@jot/elysia/server";
import { emailKey } from "./email-key.ts";
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
  /** The user's email, if any: never put in a token. */
  email: string | null;
  /** Whether `email` was confirmed with its verification token: only then does it get reset mail. */
  emailVerified: boolean;
}

/** Why an email was not set. */
export type EmailRefusal = "email_taken" | "no_user";

/**
 * Users in the SQL database (SQLite or Postgres). Usernames are unique regardless of case. Every
 * hash written here is of a normalized password (`password-form.ts`), and is marked so.
 */
export class UserStore {
  constructor(
    private readonly sql: SQL,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates a user, or answers `undefined` when the username is taken; an email given is stored
   * unverified, and one another account has is `"email_taken"`.
   */
  create(user: { username: string; passwordHash: string; roles: string[]; email?: undefined }): Promise<User | undefined>;
  create(user: { username: string; passwordHash: string; roles: string[]; email?: string }): Promise<User | undefined | "email_taken">;
  create(user: { username: string; passwordHash: string; roles: string[]; email?: string }): Promise<User | undefined | "email_taken"> {
    return orUnavailable("database", "users.create", async () => {
      const now = this.clock();
      const id = Bun.randomUUIDv7("hex", now);
      // `on conflict do nothing` decides a race between two registrations without an error.
      const email = user.email ?? null;
      const key = email === null ? null : emailKey(email);
      let rows;
      try {
        rows = await this.sql`
          insert into users (id, username, username_key, password_hash, password_form, roles, email, email_key, created_at, updated_at)
          values (${id}, ${user.username}, ${usernameKey(user.username)}, ${user.passwordHash}, ${NORMALIZED},
                  ${JSON.stringify(user.roles)}, ${email}, ${key}, ${now}, ${now})
          on conflict (username_key) do nothing
          returning id`;
      } catch (error) {
        // The username's conflict is answered above; the only other unique key is the email's.
        if (isUniqueViolation(error)) return "email_taken";
        throw error;
      }
      if (rows.length === 0) return undefined;
      return { id, username: user.username, passwordHash: user.passwordHash, roles: user.roles, passwordForm: NORMALIZED, disabledAt: null, email, emailVerified: false };
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

  /**
   * Sets the user's email, unverified until its token is presented; answers why not when another
   * account has it (whatever its case) or the user is gone. The same email again keeps it verified.
   */
  setEmail(id: string, email: string): Promise<EmailRefusal | undefined> {
    return orUnavailable("database", "users.setEmail", async () => {
      const key = emailKey(email);
      try {
        const rows = await this.sql`
          update users set email = ${email}, email_key = ${key}, updated_at = ${this.clock()},
            email_verified_at = case when email_key = ${key} then email_verified_at else null end
          where id = ${id} and not exists (select 1 from users as other where other.email_key = ${key} and other.id <> ${id})
          returning id`;
        if (rows.length > 0) return undefined;
      } catch (error) {
        // Two accounts claiming one address at once: the unique index decides.
        if (isUniqueViolation(error)) return "email_taken";
        throw error;
      }
      return (await this.findById(id)) ? "email_taken" : "no_user";
    });
  }

  /** Marks the user's email verified, if it is still `email`; answers whether it was. */
  verifyEmail(id: string, email: string): Promise<boolean> {
    return orUnavailable("database", "users.verifyEmail", async () => {
      const rows = await this.sql`
        update users set email_verified_at = ${this.clock()}, updated_at = ${this.clock()}
        where id = ${id} and email_key = ${emailKey(email)}
        returning id`;
      return rows.length > 0;
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
export function toUser(row: {
  id: string;
  username: string;
  password_hash: string;
  password_form?: string | null;
  roles: string;
  disabled_at?: number | string | null;
  email?: string | null;
  email_verified_at?: number | string | null;
}): User {
  return {
    id: row.id,
    username: row.username,
    passwordHash: row.password_hash,
    passwordForm: row.password_form === NORMALIZED ? NORMALIZED : "as_sent",
    roles: JSON.parse(row.roles) as string[],
    // Postgres answers `bigint` as a string; SQLite as a number.
    disabledAt: row.disabled_at === null || row.disabled_at === undefined ? null : Number(row.disabled_at),
    email: row.email ?? null,
    emailVerified: row.email !== null && row.email !== undefined && row.email_verified_at !== null && row.email_verified_at !== undefined,
  };
}

/** Whether a driver error is a unique constraint refusing a row (SQLite and Postgres). */
function isUniqueViolation(error: unknown): boolean {
  const { code, errno } = (error ?? {}) as { code?: unknown; errno?: unknown };
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || errno === 2067 || /unique/i.test(error instanceof Error ? error.message : "");
}
