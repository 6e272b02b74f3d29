import type { SQL } from "bun";
import { type Clock, orUnavailable } from "@jot/elysia/server";
import { toUser, type User } from "../users/user-store.ts";

/** The queries on users only an operator runs: listing, roles, disabling, deleting. */
export class UserAdminStore {
  constructor(
    private readonly sql: SQL,
    private readonly clock: Clock,
  ) {}

  /** Every user, oldest first. */
  list(): Promise<User[]> {
    return orUnavailable("database", "users.list", async () => (await this.sql`select * from users order by created_at, id`).map(toUser));
  }

  setRoles(id: string, roles: readonly string[]): Promise<void> {
    return orUnavailable("database", "users.setRoles", async () => {
      await this.sql`update users set roles = ${JSON.stringify(roles)}, updated_at = ${this.clock()} where id = ${id}`;
    });
  }

  /** Disables the account at `at` (ms), or enables it again with `null`. */
  setDisabledAt(id: string, at: number | null): Promise<void> {
    return orUnavailable("database", "users.setDisabledAt", async () => {
      await this.sql`update users set disabled_at = ${at}, updated_at = ${this.clock()} where id = ${id}`;
    });
  }

  /** Deletes the user and the rows of their sessions and passkeys. */
  delete(id: string): Promise<void> {
    return orUnavailable("database", "users.delete", async () => {
      await this.sql.begin(async (tx) => {
        await tx`delete from sessions where user_id = ${id}`;
        await tx`delete from passkeys where user_id = ${id}`;
        await tx`delete from users where id = ${id}`;
      });
    });
  }
}
