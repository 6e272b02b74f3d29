import { describe, expect, test } from "bun:test";
import type { RevocableToken, RevocationStore } from "@jot/elysia/server";

/** A store under test, and how to reopen it as a restarted process would (where it persists). */
export interface StoreUnderTest {
  store: RevocationStore;
  reopen?: () => Promise<RevocationStore>;
}

const NOW = 1_800_000_000;

function token(overrides: Partial<RevocableToken> = {}): RevocableToken & { sid: string } {
  return { jti: crypto.randomUUID(), sid: Bun.randomUUIDv7("hex", NOW * 1000), sub: crypto.randomUUID(), ...overrides } as RevocableToken & { sid: string };
}

/** What a store under test is, known before any test runs. */
export interface ConformanceOptions {
  /** Whether revocations outlive the process, so the restart case applies. @default true */
  persists?: boolean;
}

/**
 * The behaviour every revocation store must have. Each store's test file calls this with a
 * factory; entries use fresh random ids, so suites can share a database and run in parallel.
 * A case that does not apply to a store is reported as skipped.
 */
export function revocationStoreConformance(name: string, open: () => Promise<StoreUnderTest>, { persists = true }: ConformanceOptions = {}): void {
  describe(`${name} revocation store`, () => {
    test("a token is not revoked until its jti is, and then it is", async () => {
      const { store } = await open();
      const t = token();
      expect(await store.isRevoked(t)).toBe(false);
      await store.revokeToken(t.jti, NOW + 60);
      expect(await store.isRevoked(t)).toBe(true);
      expect(await store.isRevoked(token({ sid: t.sid, sub: t.sub }))).toBe(false);
    });

    test("a token minted outside a login session is revoked by its jti and by a user mark, never by a session entry", async () => {
      const { store } = await open();
      const { sid: _none, ...appToken } = token();
      const other = token({ sub: appToken.sub });
      await store.revokeSession(other.sid, NOW + 60);
      expect(await store.isRevoked(appToken)).toBe(false);
      await store.revokeUserSessions(appToken.sub, { before: NOW * 1000 - 60_000 }, NOW + 60);
      expect(await store.isRevoked(appToken)).toBe(true);
      const { sid: _also, ...another } = token();
      await store.revokeToken(another.jti, NOW + 60);
      expect(await store.isRevoked(another)).toBe(true);
    });

    test("revoking a session revokes every token of it and no other", async () => {
      const { store } = await open();
      const a = token();
      await store.revokeSession(a.sid, NOW + 60);
      expect(await store.isRevoked(a)).toBe(true);
      expect(await store.isRevoked(token({ sid: a.sid }))).toBe(true);
      expect(await store.isRevoked(token({ sub: a.sub }))).toBe(false);
    });

    test("a user mark revokes the user's sessions begun until then, except the one it spares", async () => {
      const { store } = await open();
      const sub = crypto.randomUUID();
      const before = NOW * 1000 + 500;
      const older = token({ sub, sid: Bun.randomUUIDv7("hex", before - 1) });
      const spared = token({ sub, sid: Bun.randomUUIDv7("hex", before - 1) });
      const newer = token({ sub, sid: Bun.randomUUIDv7("hex", before + 1) });
      await store.revokeUserSessions(sub, { before, exceptSid: spared.sid }, NOW + 60);
      expect(await store.isRevoked(older)).toBe(true);
      expect(await store.isRevoked(spared)).toBe(false);
      expect(await store.isRevoked(newer)).toBe(false);
      expect(await store.isRevoked(token({ sid: older.sid }))).toBe(false);
    });

    test("a session id that is not a UUIDv7 is covered by its user's mark: fail closed", async () => {
      const { store } = await open();
      const t = token({ sid: "not-a-uuid" });
      await store.revokeUserSessions(t.sub, { before: 0 }, NOW + 60);
      expect(await store.isRevoked(t)).toBe(true);
    });

    test("a later user mark replaces an earlier one, and an older one never moves it back", async () => {
      const { store } = await open();
      const sub = crypto.randomUUID();
      const t = token({ sub, sid: Bun.randomUUIDv7("hex", NOW * 1000 + 100) });
      await store.revokeUserSessions(sub, { before: NOW * 1000 + 200, exceptSid: t.sid }, NOW + 60);
      expect(await store.isRevoked(t)).toBe(false);
      await store.revokeUserSessions(sub, { before: NOW * 1000 + 300 }, NOW + 60);
      expect(await store.isRevoked(t)).toBe(true);
      await store.revokeUserSessions(sub, { before: NOW * 1000 + 50, exceptSid: t.sid }, NOW + 60);
      expect(await store.isRevoked(t)).toBe(true);
    });

    test("revoking twice is harmless and keeps the longer lifetime", async () => {
      const { store } = await open();
      const t = token();
      await store.revokeToken(t.jti, NOW + 60);
      await store.revokeToken(t.jti, NOW + 10);
      await store.prune(NOW + 30);
      expect(await store.isRevoked(t)).toBe(true);
    });

    test("pruning drops only entries whose lifetime has passed", async () => {
      const { store } = await open();
      const expired = token();
      const live = token();
      await store.revokeToken(expired.jti, NOW + 10);
      await store.revokeSession(expired.sid, NOW + 10);
      await store.revokeToken(live.jti, NOW + 100);
      await store.revokeSession(live.sid, NOW + 100);
      await store.revokeUserSessions(live.sub, { before: 0 }, NOW + 100);
      expect(await store.prune(NOW + 10)).toBeGreaterThanOrEqual(2);
      expect(await store.isRevoked(expired)).toBe(false);
      expect(await store.isRevoked(live)).toBe(true);
      expect(await store.isRevoked(token({ sub: live.sub, sid: "x" }))).toBe(true);
    });

    test("a reachable store answers ping", async () => {
      const { store } = await open();
      expect(await store.ping()).toBeUndefined();
    });

    test.skipIf(!persists)("revocations survive a restart where the store persists", async () => {
      const { store, reopen } = await open();
      if (!reopen) throw new TypeError(`${name}: a store that persists needs reopen() to be tested`);
      const t = token();
      const marked = token({ sid: Bun.randomUUIDv7("hex", NOW * 1000 - 1) });
      await store.revokeToken(t.jti, NOW + 10_000_000_000);
      await store.revokeSession(marked.sid, NOW + 10_000_000_000);
      await store.revokeUserSessions(marked.sub, { before: NOW * 1000 }, NOW + 10_000_000_000);
      const reopened = await reopen();
      expect(await reopened.isRevoked(t)).toBe(true);
      expect(await reopened.isRevoked(marked)).toBe(true);
      expect(await reopened.isRevoked(token({ sub: marked.sub, sid: Bun.randomUUIDv7("hex", NOW * 1000 - 1) }))).toBe(true);
    });
  });
}
