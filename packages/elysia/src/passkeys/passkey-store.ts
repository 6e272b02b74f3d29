/** How WebAuthn names where a passkey lives: on one device, or synced between several. */
export type PasskeyDeviceType = "singleDevice" | "multiDevice";

/** A registered passkey (a WebAuthn credential) of a user. Times in ms. */
export interface StoredPasskey {
  /** The credential id, base64url. */
  id: string;
  userId: string;
  name: string;
  /** The COSE public key. */
  publicKey: Uint8Array<ArrayBuffer>;
  /** The signature counter last seen; 0 for authenticators that do not count (synced passkeys). */
  counter: number;
  transports: string[];
  deviceType: PasskeyDeviceType;
  backedUp: boolean;
  createdAt: number;
  lastUsedAt: number | null;
  /** When a counter going backwards suggested a cloned authenticator; a flagged passkey logs nobody in. */
  flaggedAt: number | null;
}

/** What a successful login with a passkey changes about it. */
export interface PasskeyUse {
  counter: number;
  backedUp: boolean;
  usedAt: number;
}

/**
 * Where passkeys are kept. A memory store ships with `@jot/elysia`, the SQL one with `@jot/stores`;
 * every implementation passes the same conformance suite.
 */
export interface PasskeyStore {
  /** Adds a passkey; answers false, changing nothing, when its credential id is registered already. */
  add(passkey: StoredPasskey): Promise<boolean>;
  find(id: string): Promise<StoredPasskey | undefined>;
  /** The user's passkeys, oldest first. */
  listOf(userId: string): Promise<StoredPasskey[]>;
  /** Answers false when the passkey is not this user's. */
  rename(userId: string, id: string, name: string): Promise<boolean>;
  /** Answers false when the passkey is not this user's. */
  remove(userId: string, id: string): Promise<boolean>;
  recordUse(id: string, use: PasskeyUse): Promise<void>;
  flag(id: string, at: number): Promise<void>;
}
