import { describe, expect, test } from "bun:test";
import type { PasskeyChallengeStore, PasskeyStore, StoredPasskey } from "@jot/elysia/server";

const NOW = 1_800_000_000_000;

function newPasskey(userId = crypto.randomUUID(), createdAt = NOW): StoredPasskey {
  return {
    id: Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64url"),
    userId,
    name: "Laptop",
    publicKey: crypto.getRandomValues(new Uint8Array(77)),
    counter: 3,
    transports: ["internal", "hybrid"],
    deviceType: "multiDevice",
    backedUp: true,
    createdAt,
    lastUsedAt: null,
    flaggedAt: null,
  };
}

/** The behaviour every passkey store must have, in memory, on SQLite and Postgres alike. */
export function passkeyStoreConformance(name: string, open: () => Promise<PasskeyStore>): void {
  describe(`${name} passkey store`, () => {
    test("an added passkey is found as it was stored, and a credential id is added once", async () => {
      const store = await open();
      const passkey = newPasskey();
      expect(await store.add(passkey)).toBe(true);
      expect(await store.find(passkey.id)).toEqual(passkey);
      expect(await store.add({ ...newPasskey(), id: passkey.id, name: "Other" })).toBe(false);
      expect(await store.find(passkey.id)).toEqual(passkey);
      expect(await store.find("unknown")).toBeUndefined();
    });

    test("a user's passkeys are listed oldest first, and no one else's", async () => {
      const store = await open();
      const userId = crypto.randomUUID();
      const newer = newPasskey(userId, NOW + 10);
      const older = newPasskey(userId, NOW);
      await store.add(newer);
      await store.add(older);
      await store.add(newPasskey());
      expect((await store.listOf(userId)).map(({ id }) => id)).toEqual([older.id, newer.id]);
    });

    test("only its owner renames or removes a passkey", async () => {
      const store = await open();
      const passkey = newPasskey();
      await store.add(passkey);
      expect(await store.rename(crypto.randomUUID(), passkey.id, "Stolen")).toBe(false);
      expect(await store.remove(crypto.randomUUID(), passkey.id)).toBe(false);
      expect(await store.rename(passkey.userId, passkey.id, "Phone")).toBe(true);
      expect((await store.find(passkey.id))?.name).toBe("Phone");
      expect(await store.remove(passkey.userId, passkey.id)).toBe(true);
      expect(await store.find(passkey.id)).toBeUndefined();
      expect(await store.remove(passkey.userId, passkey.id)).toBe(false);
    });

    test("a use records the counter, the backup state and the time; a flag records when", async () => {
      const store = await open();
      const passkey = newPasskey();
      await store.add(passkey);
      await store.recordUse(passkey.id, { counter: 9, backedUp: false, usedAt: NOW + 5 });
      await store.flag(passkey.id, NOW + 7);
      expect(await store.find(passkey.id)).toEqual({ ...passkey, counter: 9, backedUp: false, lastUsedAt: NOW + 5, flaggedAt: NOW + 7 });
    });
  });
}

/** The behaviour every passkey challenge store must have. */
export function challengeStoreConformance(name: string, open: () => Promise<PasskeyChallengeStore>): void {
  describe(`${name} passkey challenge store`, () => {
    const challengeOf = (expiresAt: number) => ({ challenge: crypto.randomUUID(), purpose: "login" as const, userId: null, expiresAt });

    test("a challenge is taken once, as it was saved", async () => {
      const store = await open();
      const saved = { ...challengeOf(NOW + 1000), purpose: "register" as const, userId: crypto.randomUUID() };
      await store.save(saved);
      const taken = await Promise.all([store.take(saved.challenge, NOW), store.take(saved.challenge, NOW)]);
      expect(taken.filter(Boolean)).toEqual([saved]);
      expect(await store.take(saved.challenge, NOW)).toBeUndefined();
    });

    test("an expired or unknown challenge is not answered", async () => {
      const store = await open();
      const saved = challengeOf(NOW + 1000);
      await store.save(saved);
      expect(await store.take(saved.challenge, NOW + 1000)).toBeUndefined();
      expect(await store.take("unknown", NOW)).toBeUndefined();
    });
  });
}
