import { afterAll, beforeAll, expect, test } from "bun:test";
import { SQL } from "bun";
import { createPostgresDatabase, describeWith, eventually as eventuallyWithin, pingPostgres, POSTGRES_ADMIN_URL, probeService, revocableToken, type TestDatabase } from "@jot/testing";
import { lookup } from "../../test/revocation-lookup.ts";
import { migrate } from "../db/migrations.ts";
import { openDatabase, type Database } from "../db/open-database.ts";
import { JotError, type RevocableToken } from "@jot/elysia/server";
import { PostgresRevocationStore } from "./postgres-revocation-store.ts";
import { revocationStoreConformance } from "./revocation-store.conformance.ts";

const NOW = 1_800_000_000;
const clock = () => NOW * 1000;
/** Generous bounds for what arrives by NOTIFY or a reconnect on a busy machine; never a timing claim. */
const EVENTUALLY_MS = 10_000;

const postgres = await probeService("Postgres", pingPostgres);
let database: TestDatabase;
let db: Database;
let admin: SQL;
const stores: PostgresRevocationStore[] = [];
const databaseName = () => new URL(database.url).pathname.slice(1);

if (postgres.missing === undefined) {
  beforeAll(async () => {
    database = await createPostgresDatabase();
    db = openDatabase(database.url);
    await migrate(db);
    admin = new SQL(POSTGRES_ADMIN_URL, { max: 1 });
  });
  afterAll(async () => {
    for (const store of stores) store.close();
    await admin.unsafe(`alter database ${databaseName()} allow_connections true`);
    await db.sql.close();
    await admin.close();
    await database.drop();
  });
}

/**
 * A store with a pool of its own on the test database, as another instance would have. Pools are
 * small: the Postgres is shared with other suites, and each store also holds a listening connection.
 */
async function openStore(heartbeatMs = 1000): Promise<PostgresRevocationStore> {
  const own = new SQL(database.url, { max: 2 });
  const store = await PostgresRevocationStore.connect({ sql: own, url: database.url, clock, heartbeatMs });
  stores.push(store);
  const close = store.close.bind(store);
  store.close = () => {
    close();
    void own.close();
  };
  return store;
}

const token = (overrides: Partial<RevocableToken> = {}) => revocableToken(NOW, overrides);


/** Whether `check` comes to hold within the generous bound. */
const eventually = (check: () => boolean) => eventuallyWithin(check, { timeoutMs: EVENTUALLY_MS, intervalMs: 5 });

describeWith(postgres, "Postgres LISTEN/NOTIFY revocation store", () => {
  // Each conformance test gets a fresh store; the ones before it are closed, to hold few connections.
  const conformance: PostgresRevocationStore[] = [];
  const openForConformance = async () => {
    for (const store of conformance.splice(0)) store.close();
    const store = await openStore();
    conformance.push(store);
    return store;
  };
  revocationStoreConformance("Postgres LISTEN/NOTIFY", async () => ({ store: await openForConformance(), reopen: () => openStore() }));

  test("a revocation on one instance is refused on another, token, session and user mark alike", async () => {
    const [a, b] = [await openStore(), await openStore()];
    const byToken = token();
    const bySession = token();
    const byUser = token();
    const untouched = token();
    await a.revokeToken(byToken.jti, NOW + 60);
    await a.revokeSession(bySession.sid!, NOW + 60);
    await a.revokeUserSessions(byUser.sub, { before: NOW * 1000 + 1 }, NOW + 60);

    const all = () => [byToken, bySession, byUser].every((t) => lookup(b, t) === true);
    expect({ heard: await eventually(all), untouched: lookup(b, untouched), onWriter: [byToken, bySession, byUser].map((t) => lookup(a, t)) }).toEqual({
      heard: true,
      untouched: false,
      onWriter: [true, true, true],
    });
  });

  test("an instance loads every entry of a table larger than one page, once, and only those still in force", async () => {
    const LIVE = 25_001; // two full pages and one more row
    const marker = crypto.randomUUID();
    await db.sql.unsafe(`insert into revoked_tokens (jti, expires_at) select '${marker}-' || i, ${NOW + 60} from generate_series(1, ${LIVE}) as i`);
    await db.sql.unsafe(`insert into revoked_tokens (jti, expires_at) values ('${marker}-expired', ${NOW - 1})`);
    const store = await openStore();
    // The suite's other tests share the database: every entry in force counts.
    const [{ n }] = await db.sql`select (select count(*) from revoked_tokens where expires_at > ${NOW})
      + (select count(*) from revoked_sessions where expires_at > ${NOW})
      + (select count(*) from user_revocations where expires_at > ${NOW}) as n`;
    const revoked = (jti: string) => lookup(store, token({ jti }));
    const loaded = { size: store.size, first: revoked(`${marker}-1`), last: revoked(`${marker}-${LIVE}`), expired: revoked(`${marker}-expired`) };
    // The other tests' instances load the table too: leave it as small as it was.
    await db.sql.unsafe(`delete from revoked_tokens where jti like '${marker}-%'`);
    expect(loaded).toEqual({ size: Number(n), first: true, last: true, expired: false });
  });

  test("an instance loads ids holding any character exactly: spaces, line breaks, digits, non-ASCII, astral", async () => {
    const a = await openStore();
    const marker = crypto.randomUUID();
    const odd = ["with space", "two\nlines", "12 34", " ", "naïve-é", "emoji-😀-x", "😀", "tab\tand\r", "x".repeat(300)].map((id) => `${marker}${id}`);
    for (const id of odd) {
      await a.revokeToken(id, NOW + 60);
      await a.revokeSession(`${id}-session`, NOW + 60);
    }
    const later = await openStore();
    expect(odd.map((id) => [lookup(later, token({ jti: id })), lookup(later, token({ sid: `${id}-session` }))])).toEqual(odd.map(() => [true, true]));
    expect(lookup(later, token({ jti: `${marker}emoji-😀` }))).toBe(false);
  });

  test("an instance started after a revocation loads it", async () => {
    const a = await openStore();
    const t = token();
    await a.revokeToken(t.jti, NOW + 60);
    const later = await openStore();
    expect(lookup(later, t)).toBe(true);
  });

  test("a write that fails is not announced: nothing is stored nor applied anywhere", async () => {
    const [a, b] = [await openStore(), await openStore()];
    const t = token();
    const failed = await a.revokeToken(t.jti, Number.NaN).then(
      () => "stored",
      (error: unknown) => (error instanceof JotError ? error.code : String(error)),
    );
    await a.revokeToken(token().jti, NOW + 60); // a later write, to know b has heard everything before it
    await Bun.sleep(50);
    const rows = await db.sql`select count(*)::int as n from revoked_tokens where jti = ${t.jti}`;
    expect({ failed, onA: lookup(a, t), onB: lookup(b, t), rows: rows[0].n }).toEqual({ failed: "store_unavailable", onA: false, onB: false, rows: 0 });
  });

  test("when its listening connection is lost an instance answers store_unavailable until it has listened again and reloaded, then knows what it missed", async () => {
    const listener = await openStore(100);
    const writer = await openStore(60_000);
    const before = token();
    await writer.revokeToken(before.jti, NOW + 60);
    expect(await eventually(() => lookup(listener, before) === true)).toBe(true);

    // Postgres takes no new connection, and every LISTEN connection is cut: the writer's pool
    // keeps the connection it has, so it can still write while the listener cannot hear.
    await admin.unsafe(`alter database ${databaseName()} allow_connections false`);
    await admin.unsafe(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${databaseName()}' and query ilike 'listen%'`);
    const noticed = await eventually(() => lookup(listener, before) === "store_unavailable");
    const missed = token();
    const written = await writer.revokeToken(missed.jti, NOW + 60).then(() => "written", String);
    await Bun.sleep(300); // several reconnect attempts, all refused
    const whileDown = [lookup(listener, before), lookup(listener, missed), lookup(listener, token())];
    const health = await listener.ping().then(() => "ok", (error: unknown) => (error instanceof JotError ? error.code : String(error)));

    await admin.unsafe(`alter database ${databaseName()} allow_connections true`);
    const recovered = await eventually(() => lookup(listener, token()) === false);
    expect({ noticed, written, whileDown, health, recovered, missed: lookup(listener, missed), before: lookup(listener, before) }).toEqual({
      noticed: true,
      written: "written",
      whileDown: ["store_unavailable", "store_unavailable", "store_unavailable"],
      health: "store_unavailable",
      recovered: true,
      missed: true,
      before: true,
    });
  }, 30_000);

  test("expired entries leave memory and the tables when pruned, and live ones stay", async () => {
    const store = await openStore();
    const expiring = Array.from({ length: 100 }, () => token());
    for (const t of expiring) await store.revokeToken(t.jti, NOW + 10);
    const live = token();
    await store.revokeToken(live.jti, NOW + 1000);
    const sizeBefore = store.size;
    await store.prune(NOW + 10);
    const left = await db.sql`select count(*)::int as n from revoked_tokens where expires_at <= ${NOW + 10}`;
    expect({ grew: sizeBefore >= 101, dropped: sizeBefore - store.size >= 100, left: left[0].n, live: lookup(store, live), expired: lookup(store, expiring[0]!) }).toEqual({
      grew: true,
      dropped: true,
      left: 0,
      live: true,
      expired: false,
    });
  });
});
