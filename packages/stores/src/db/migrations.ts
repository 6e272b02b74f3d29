import type { Database } from "./open-database.ts";

/**
 * The schema, one version at a time. Each version's statements run once, in one transaction,
 * and are written in the SQL that SQLite and Postgres both speak. Never edit a shipped
 * version: add the next one. Being history, they spell out table names, such as those the code
 * reads from `REVOCATION_TABLES`, as they were when shipped.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; statements: string[] }> = [
  {
    version: 1,
    statements: [
      `create table users (
        id text primary key,
        username text not null,
        username_key text not null unique,
        password_hash text not null,
        roles text not null,
        created_at bigint not null,
        updated_at bigint not null
      )`,
      `create table revoked_tokens (jti text primary key, expires_at bigint not null)`,
      `create table revoked_sessions (sid text primary key, expires_at bigint not null)`,
      `create table user_revocations (
        user_id text primary key,
        revoked_before bigint not null,
        except_sid text,
        expires_at bigint not null
      )`,
    ],
  },
  {
    version: 2,
    statements: [
      // One row per login: the refresh-token family. Times in ms, except expires_at (seconds, like `exp`).
      `create table sessions (
        id text primary key,
        user_id text not null,
        created_at bigint not null,
        last_used_at bigint not null,
        user_agent text,
        current_jti text not null,
        current_iat bigint not null,
        current_exp bigint not null,
        previous_jti text,
        rotated_at bigint,
        expires_at bigint not null,
        revoked_at bigint
      )`,
      `create index sessions_by_user on sessions (user_id)`,
    ],
  },
  {
    version: 3,
    statements: [
      // Fixed-window throttling counters; reset_at in ms.
      `create table rate_limits (key text primary key, count integer not null, reset_at bigint not null)`,
    ],
  },
  {
    version: 4,
    statements: [
      // When the account was disabled (ms); null while it may log in.
      `alter table users add column disabled_at bigint`,
    ],
  },
  {
    version: 5,
    statements: [
      // What the password was made into before it was hashed: 'nfkc' for every hash made from now
      // on; null for the hashes stored before, made from the password as sent.
      `alter table users add column password_form text`,
    ],
  },
  {
    version: 6,
    statements: [
      // What a session's tokens carry, as JSON: a refresh keeps them (null for sessions begun before).
      `alter table sessions add column roles text`,
      `alter table sessions add column additional_claims text`,
    ],
  },
  {
    version: 7,
    statements: [
      // A user's email, optional: as given, folded for uniqueness (null when none), and when it was
      // verified (ms; null until its verification token is presented). Only a verified one gets reset mail.
      `alter table users add column email text`,
      `alter table users add column email_key text`,
      `alter table users add column email_verified_at bigint`,
      `create unique index users_by_email_key on users (email_key)`,
      // One-time tokens (password resets, email verifications): only their SHA-256 is kept. One live
      // token per user and kind; expires_at in ms.
      `create table one_time_tokens (
        token_hash text primary key,
        kind text not null,
        user_id text not null,
        email text,
        expires_at bigint not null
      )`,
      `create index one_time_tokens_by_user on one_time_tokens (user_id, kind)`,
    ],
  },
  {
    version: 8,
    statements: [
      // A user's TOTP second factor: the secret encrypted (AES-256-GCM), on once enabled_at is set;
      // last_step is the newest 30 s time-step a code was accepted for, so no code is taken twice.
      `create table mfa_totp (
        user_id text primary key,
        secret_sealed text not null,
        created_at bigint not null,
        enabled_at bigint,
        last_step bigint
      )`,
      // Recovery codes, hashed; each is used once.
      `create table mfa_recovery_codes (
        user_id text not null,
        code_hash text not null,
        used_at bigint,
        primary key (user_id, code_hash)
      )`,
      // Logins waiting for their second factor: the mfa_token, hashed; single-use; expires_at in ms.
      `create table mfa_challenges (
        token_hash text primary key,
        user_id text not null,
        created_at bigint not null,
        expires_at bigint not null
      )`,
      `create index mfa_challenges_by_expiry on mfa_challenges (expires_at)`,
    ],
  },
  {
    version: 9,
    statements: [
      // Passkeys (WebAuthn credentials). id: the credential id, base64url; public_key: the COSE key,
      // base64url; transports: a JSON array; backed_up: 0 or 1. Times in ms.
      `create table passkeys (
        id text primary key,
        user_id text not null,
        name text not null,
        public_key text not null,
        counter bigint not null,
        transports text not null,
        device_type text not null,
        backed_up integer not null,
        created_at bigint not null,
        last_used_at bigint,
        flagged_at bigint
      )`,
      `create index passkeys_by_user on passkeys (user_id)`,
      // Challenges of passkey ceremonies under way, each answered once; expires_at in ms.
      `create table passkey_challenges (challenge text primary key, purpose text not null, user_id text, expires_at bigint not null)`,
    ],
  },
];

/** Brings the schema up to the newest version; safe when several instances start at once. */
export async function migrate(db: Database): Promise<number> {
  const { sql } = db;
  let applied = 0;
  for (const migration of MIGRATIONS) {
    await sql.begin(async (tx) => {
      // Postgres: one instance migrates at a time; SQLite transactions are already exclusive.
      if (db.engine === "postgres") await tx`select pg_advisory_xact_lock(7437001)`;
      await tx.unsafe(`create table if not exists schema_migrations (version integer primary key, applied_at bigint not null)`);
      const done = await tx`select 1 from schema_migrations where version = ${migration.version}`;
      if (done.length > 0) return;
      for (const statement of migration.statements) await tx.unsafe(statement);
      await tx`insert into schema_migrations (version, applied_at) values (${migration.version}, ${Date.now()})`;
      applied++;
    });
  }
  return applied;
}
