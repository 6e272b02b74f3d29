import { describe, expect, test } from "bun:test";
import type { SessionStore } from "@jot/elysia/server";

const NOW = 1_800_000_000_000;

function newSession(userId = crypto.randomUUID(), createdAt = NOW) {
  const id = Bun.randomUUIDv7("hex", createdAt);
  return {
    id,
    userId,
    createdAt,
    lastUsedAt: createdAt,
    userAgent: "Test/1.0",
    roles: ["admin"],
    additionalClaims: { lang: "en", team: { name: "blue" } },
    current: { jti: crypto.randomUUID(), iat: createdAt / 1000, exp: createdAt / 1000 + 3600 },
    expiresAt: createdAt / 1000 + 86400,
  };
}

/** The behaviour every session (refresh family) store must have, in memory, on SQLite and Postgres alike. */
export function sessionStoreConformance(name: string, open: () => Promise<SessionStore>): void {
  describe(`${name} session store`, () => {
    test("a created session is found as it was stored", async () => {
      const store = await open();
      const session = newSession();
      await store.create(session);
      expect(await store.find(session.id)).toEqual({ ...session, previousJti: null, rotatedAt: null, revokedAt: null });
      expect(await store.find(crypto.randomUUID())).toBeUndefined();
    });

    test("a session found is a copy: changing it changes nothing stored", async () => {
      const store = await open();
      const session = newSession();
      await store.create(session);
      const found = await store.find(session.id);
      found?.roles.push("root");
      if (found) found.current.jti = "changed";
      expect(await store.find(session.id)).toMatchObject({ roles: ["admin"], current: session.current });
    });

    test("rotation replaces the current token only when the presented one is current: of parallel rotations one wins", async () => {
      const store = await open();
      const session = newSession();
      await store.create(session);
      const next = () => ({ jti: crypto.randomUUID(), iat: NOW / 1000 + 5, exp: NOW / 1000 + 3605 });
      const results = await Promise.all(Array.from({ length: 6 }, () => store.rotate(session.id, { presentedJti: session.current.jti, next: next(), now: NOW + 5000 })));
      expect(results.filter(Boolean)).toHaveLength(1);
      const rotated = await store.find(session.id);
      expect(rotated).toMatchObject({ previousJti: session.current.jti, rotatedAt: NOW + 5000, lastUsedAt: NOW + 5000 });
      expect(rotated?.current.jti).not.toBe(session.current.jti);
      expect(await store.rotate(session.id, { presentedJti: session.current.jti, next: next(), now: NOW + 6000 })).toBe(false);
    });

    test("the token rotated out last is honoured once, only within the grace window, and never on a revoked session", async () => {
      const store = await open();
      const session = newSession();
      await store.create(session);
      const next = { jti: crypto.randomUUID(), iat: NOW / 1000 + 5, exp: NOW / 1000 + 3605 };
      await store.rotate(session.id, { presentedJti: session.current.jti, next, now: NOW + 5000 });
      expect(await store.redeemGrace(session.id, next.jti, NOW, NOW + 6000)).toBe(false);
      expect(await store.redeemGrace(session.id, session.current.jti, NOW + 5000, NOW + 6000)).toBe(false);
      const honoured = await Promise.all(Array.from({ length: 4 }, () => store.redeemGrace(session.id, session.current.jti, NOW + 4999, NOW + 6000)));
      expect(honoured.filter(Boolean)).toHaveLength(1);
      expect(await store.find(session.id)).toMatchObject({ previousJti: null, lastUsedAt: NOW + 6000, current: next });

      const revoked = newSession();
      await store.create(revoked);
      await store.rotate(revoked.id, { presentedJti: revoked.current.jti, next: { ...next, jti: crypto.randomUUID() }, now: NOW + 5000 });
      await store.revoke(revoked.id, revoked.userId, NOW + 5500);
      expect(await store.redeemGrace(revoked.id, revoked.current.jti, NOW, NOW + 6000)).toBe(false);
    });

    test("a revoked session is neither rotated nor listed; revoking is the owner's alone", async () => {
      const store = await open();
      const session = newSession();
      await store.create(session);
      expect(await store.revoke(session.id, crypto.randomUUID(), NOW)).toBe(false);
      expect(await store.revoke(session.id, session.userId, NOW)).toBe(true);
      expect(await store.revoke(session.id, session.userId, NOW)).toBe(false);
      expect(await store.rotate(session.id, { presentedJti: session.current.jti, next: { jti: "x", iat: 0, exp: 0 }, now: NOW })).toBe(false);
      expect(await store.listLive(session.userId, NOW / 1000)).toEqual([]);
    });

    test("listing shows the user's live sessions newest first; revoking all spares the one named", async () => {
      const store = await open();
      const userId = crypto.randomUUID();
      const [older, newer, spared] = [newSession(userId, NOW), newSession(userId, NOW + 1), newSession(userId, NOW + 2)];
      for (const session of [older, newer, spared]) await store.create(session);
      await store.create(newSession());
      expect((await store.listLive(userId, NOW / 1000)).map((session) => session.id)).toEqual([spared.id, newer.id, older.id]);
      await store.revokeAllOf(userId, NOW + 10, spared.id);
      expect((await store.listLive(userId, NOW / 1000)).map((session) => session.id)).toEqual([spared.id]);
      expect((await store.listLive(userId, spared.expiresAt)).map((session) => session.id)).toEqual([]);
    });

    test("a user-wide revocation reaches now, or the user's newest session if it began later", async () => {
      const store = await open();
      const userId = crypto.randomUUID();
      expect(await store.revocationPoint(userId, NOW)).toBe(NOW);
      await store.create(newSession(userId, NOW + 2000));
      expect(await store.revocationPoint(userId, NOW)).toBe(NOW + 2000);
      expect(await store.revocationPoint(userId, NOW + 5000)).toBe(NOW + 5000);
    });

    test("pruning drops sessions past their absolute expiry and keeps the others", async () => {
      const store = await open();
      const ended = newSession(crypto.randomUUID(), NOW - 86_400_000);
      const live = newSession();
      await store.create(live);
      await store.create(ended);
      expect(await store.prune(NOW / 1000)).toBeGreaterThanOrEqual(1);
      expect(await store.find(ended.id)).toBeUndefined();
      expect((await store.find(live.id))?.id).toBe(live.id);
    });
  });
}
