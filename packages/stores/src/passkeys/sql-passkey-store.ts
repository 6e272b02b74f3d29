import type { SQL } from "bun";
import { orUnavailable, type PasskeyStore, type PasskeyUse, type StoredPasskey } from "@jot/elysia/server";

/** Passkeys in the SQL database (SQLite or Postgres). */
export class SqlPasskeyStore implements PasskeyStore {
  constructor(private readonly sql: SQL) {}

  add(passkey: StoredPasskey): Promise<boolean> {
    return orUnavailable("database", "passkeys.add", async () => {
      const rows = await this.sql`
        insert into passkeys (id, user_id, name, public_key, counter, transports, device_type, backed_up, created_at, last_used_at, flagged_at)
        values (${passkey.id}, ${passkey.userId}, ${passkey.name}, ${Buffer.from(passkey.publicKey).toString("base64url")}, ${passkey.counter},
                ${JSON.stringify(passkey.transports)}, ${passkey.deviceType}, ${passkey.backedUp ? 1 : 0}, ${passkey.createdAt},
                ${passkey.lastUsedAt}, ${passkey.flaggedAt})
        on conflict (id) do nothing
        returning id`;
      return rows.length === 1;
    });
  }

  find(id: string): Promise<StoredPasskey | undefined> {
    return orUnavailable("database", "passkeys.find", async () => {
      const [row] = await this.sql`select * from passkeys where id = ${id}`;
      return row === undefined ? undefined : toPasskey(row);
    });
  }

  listOf(userId: string): Promise<StoredPasskey[]> {
    return orUnavailable("database", "passkeys.listOf", async () => {
      const rows = await this.sql`select * from passkeys where user_id = ${userId} order by created_at, id`;
      return rows.map(toPasskey);
    });
  }

  rename(userId: string, id: string, name: string): Promise<boolean> {
    return orUnavailable("database", "passkeys.rename", async () => {
      const rows = await this.sql`update passkeys set name = ${name} where id = ${id} and user_id = ${userId} returning id`;
      return rows.length === 1;
    });
  }

  remove(userId: string, id: string): Promise<boolean> {
    return orUnavailable("database", "passkeys.remove", async () => {
      const rows = await this.sql`delete from passkeys where id = ${id} and user_id = ${userId} returning id`;
      return rows.length === 1;
    });
  }

  recordUse(id: string, { counter, backedUp, usedAt }: PasskeyUse): Promise<void> {
    return orUnavailable("database", "passkeys.recordUse", async () => {
      await this.sql`update passkeys set counter = ${counter}, backed_up = ${backedUp ? 1 : 0}, last_used_at = ${usedAt} where id = ${id}`;
    });
  }

  flag(id: string, at: number): Promise<void> {
    return orUnavailable("database", "passkeys.flag", async () => {
      await this.sql`update passkeys set flagged_at = ${at} where id = ${id}`;
    });
  }
}

interface PasskeyRow {
  id: string;
  user_id: string;
  name: string;
  public_key: string;
  counter: number | string;
  transports: string;
  device_type: string;
  backed_up: number | string;
  created_at: number | string;
  last_used_at: number | string | null;
  flagged_at: number | string | null;
}

/** Postgres answers `bigint` as a string; SQLite as a number. */
function toPasskey(row: PasskeyRow): StoredPasskey {
  const nullable = (value: number | string | null) => (value === null ? null : Number(value));
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    publicKey: new Uint8Array(Buffer.from(row.public_key, "base64url")),
    counter: Number(row.counter),
    transports: JSON.parse(row.transports),
    deviceType: row.device_type === "multiDevice" ? "multiDevice" : "singleDevice",
    backedUp: Number(row.backed_up) === 1,
    createdAt: Number(row.created_at),
    lastUsedAt: nullable(row.last_used_at),
    flaggedAt: nullable(row.flagged_at),
  };
}
