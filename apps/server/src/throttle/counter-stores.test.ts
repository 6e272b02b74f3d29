import { afterAll } from "bun:test";
import { RedisClient } from "bun";
import { deleteRedisKeys, describeWith, probeService, REDIS_TEST_URL } from "@jot/testing";
import { type Database, migrate, openDatabase } from "@jot/stores";
import { counterStoreConformance } from "./counter-store.conformance.ts";
import { MemoryCounterStore } from "./memory-counter-store.ts";
import { RedisCounterStore } from "./redis-counter-store.ts";
import { SqlCounterStore } from "./sql-counter-store.ts";

const opened: Database[] = [];
afterAll(async () => {
  for (const db of opened) await db.sql.close();
});

counterStoreConformance("memory", async () => new MemoryCounterStore());
counterStoreConformance("SQLite", async () => {
  const db = openDatabase("sqlite://:memory:");
  opened.push(db);
  await migrate(db);
  return new SqlCounterStore(db.sql);
});

const redis = await probeService("Redis", async () => {
  const probe = new RedisClient(REDIS_TEST_URL, { connectionTimeout: 1000, autoReconnect: false });
  try {
    await probe.ping();
  } finally {
    probe.close();
  }
});
const redisStores: Array<{ store: RedisCounterStore; prefix: string }> = [];
afterAll(async () => {
  for (const { store, prefix } of redisStores) {
    store.close();
    await deleteRedisKeys(REDIS_TEST_URL, prefix);
  }
});
describeWith(redis, "on Redis", () => {
  counterStoreConformance("Redis", async () => {
    const prefix = `jot-test:${crypto.randomUUID()}:`;
    const store = new RedisCounterStore(REDIS_TEST_URL, prefix);
    redisStores.push({ store, prefix });
    return store;
  });
});
