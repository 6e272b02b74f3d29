import type { RevocationKind } from "./revocation-entry.ts";

/**
 * Where each kind of revocation entry is kept in the SQL database, and the column of the id it
 * revokes; every entry also has `expires_at` (seconds). Used by the store and by the server's
 * admin counts and pruning. The migrations spell these names out as they were shipped.
 */
export const REVOCATION_TABLES = {
  token: { table: "revoked_tokens", id: "jti" },
  session: { table: "revoked_sessions", id: "sid" },
  user: { table: "user_revocations", id: "user_id" },
} as const satisfies Record<RevocationKind, { table: string; id: string }>;
