import { afterAll, expect, test } from "bun:test";
import { hashOneTimeToken, MemoryOneTimeTokenStore, newOneTimeToken, type OneTimeTokenRecord, type OneTimeTokenStore } from "@jot/elysia/server";
import { createPostgresDatabase, describeWith, pingPostgres, probeService, type TestDatabase } from "@jot/testing";
import { migrate } from "../db/migrations.ts";
import { type Database, openDatabase } from "../db/open-database.ts";
import { SqlOneTimeTokenStore } from "./sql-one-time-token-store.ts";

const opened: Database[] = [];
const postgresDatabases: TestDatabase[] = [];
afterAll(async () => {
  for (const db of opened) await db.sql.close();
  for (const database of postgresDatabases) await database.drop();
});

const record = (subject: string, overrides: Partial<OneTimeTokenRecord> = {}): OneTimeTokenRecord => ({
  hash: hashOneTimeToken(newOneTimeToken())!,
  kind: "password_reset",
  subject,
  email: null,
  expiresAt: Date.UTC(2026, 0, 1, 0, 15),
  ...overrides,
});

/** What every one-time token store does, whatever it keeps tokens in. */
function oneTimeTokenStoreConformance(name: string, open: () => Promise<OneTimeTokenStore>) {
  test(`${name}: a token is taken once, with what it was stored with`, async () => {
    const store = await open();
    const stored = record("u1", { kind: "email_verification", email: "nate@example.com" });
    await store.replace(stored);
    expect(await store.take(stored.hash, "password_reset")).toBeUndefined();
    expect(await store.take(stored.hash, "email_verification")).toEqual(stored);
    expect(await store.take(stored.hash, "email_verification")).toBeUndefined();
  });

  test(`${name}: two takes racing with one token: exactly one gets it`, async () => {
    const store = await open();
    const stored = record("u2");
    await store.replace(stored);
    const taken = await Promise.all([store.take(stored.hash, "password_reset"), store.take(stored.hash, "password_reset")]);
    expect(taken.filter((answer) => answer !== undefined)).toEqual([stored]);
  });

  test(`${name}: replacing ends the subject's previous token of that kind, and no one else's`, async () => {
    const store = await open();
    const first = record("u3");
    const otherKind = record("u3", { kind: "email_verification", email: "a@b.co" });
    const otherUser = record("u4");
    for (const each of [first, otherKind, otherUser]) await store.replace(each);
    const second = record("u3");
    await store.replace(second);
    expect(await store.take(first.hash, "password_reset")).toBeUndefined();
    expect(await store.take(second.hash, "password_reset")).toEqual(second);
    expect(await store.take(otherKind.hash, "email_verification")).toEqual(otherKind);
    expect(await store.take(otherUser.hash, "password_reset")).toEqual(otherUser);
  });

  test(`${name}: discard and prune remove what they name`, async () => {
    const store = await open();
    const discarded = record("u5");
    const expired = record("u6", { expiresAt: 1000 });
    const live = record("u7", { expiresAt: 5000 });
    for (const each of [discarded, expired, live]) await store.replace(each);
    await store.discard("u5", "password_reset");
    await store.prune(1000);
    expect(await store.take(discarded.hash, "password_reset")).toBeUndefined();
    expect(await store.take(expired.hash, "password_reset")).toBeUndefined();
    expect(await store.take(live.hash, "password_reset")).toEqual(live);
  });
}

oneTimeTokenStoreConformance("memory", async () => new MemoryOneTimeTokenStore());

oneTimeTokenStoreConformance("SQLite", async () => {
  const db = openDatabase("sqlite://:memory:");
  opened.push(db);
  await migrate(db);
  return new SqlOneTimeTokenStore(db.sql);
});

const postgres = await probeService("Postgres", pingPostgres);
describeWith(postgres, "Postgres", () => {
  // One database for the suite: each test works on subjects of its own.
  let store: Promise<SqlOneTimeTokenStore> | undefined;
  oneTimeTokenStoreConformance("Postgres", () => {
    store ??= (async () => {
      const database = await createPostgresDatabase();
      postgresDatabases.push(database);
      const db = openDatabase(database.url);
      opened.push(db);
      await migrate(db);
      return new SqlOneTimeTokenStore(db.sql);
    })();
    return store;
  });
});
