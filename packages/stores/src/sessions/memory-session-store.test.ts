import { expect, test } from "bun:test";
import { MemorySessionStore } from "@jot/elysia";
import { sessionStoreConformance } from "./session-store.conformance.ts";

sessionStoreConformance("memory", async () => new MemorySessionStore());

const MINUTE = 60_000;
const sessionAt = (createdAt: number) => ({
  id: crypto.randomUUID(),
  userId: "ann",
  createdAt,
  lastUsedAt: createdAt,
  userAgent: null,
  roles: [],
  additionalClaims: {},
  current: { jti: crypto.randomUUID(), iat: createdAt / 1000, exp: createdAt / 1000 + 3600 },
  expiresAt: createdAt / 1000 + 3600,
});

test("the memory store drops sessions past their expiry as new ones start, with no one calling prune", async () => {
  const store = new MemorySessionStore();
  const start = 1_800_000_000_000;
  const expired = sessionAt(start);
  await store.create(expired);
  const live = sessionAt(start + 30 * MINUTE);
  await store.create(live);
  expect(store.size).toBe(2);
  await store.create(sessionAt(start + 80 * MINUTE));
  expect(store.size).toBe(2);
  expect(await store.find(expired.id)).toBeUndefined();
  expect((await store.find(live.id))?.id).toBe(live.id);
});
