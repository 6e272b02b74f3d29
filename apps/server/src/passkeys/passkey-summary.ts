import type { Passkey, PasskeyCreatedResponse } from "@jot/shared";
import type { StoredPasskey } from "@jot/elysia/server";

const iso = (ms: number) => new Date(ms).toISOString();

/** A passkey as its owner sees it listed: never its public key or counter. */
export function passkeySummaryOf(passkey: StoredPasskey): Passkey {
  return {
    id: passkey.id,
    name: passkey.name,
    created_at: iso(passkey.createdAt),
    last_used_at: passkey.lastUsedAt === null ? null : iso(passkey.lastUsedAt),
    device_type: passkey.deviceType,
    backed_up: passkey.backedUp,
  };
}

/** What registering a passkey answers. */
export function createdPasskeyOf(passkey: StoredPasskey): PasskeyCreatedResponse {
  return { id: passkey.id, name: passkey.name, created_at: iso(passkey.createdAt) };
}
