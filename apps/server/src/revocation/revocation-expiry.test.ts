import { afterAll, expect, test } from "bun:test";
import { SQL } from "bun";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPostgresDatabase, describeWith, eventually as eventuallyWithin, pingPostgres, probeService, revocableToken, type Service, type TestDatabase } from "@jot/testing";
import { manualClock, TEST_SECRET } from "../../test/test-app.ts";
import { loadConfig } from "../config/load-config.ts";
import { openStores } from "../stores.ts";

// Expired revocations leave memory and the database by themselves: the stores prune on a timer
// (every 10 minutes in production, every few ms here), by the clock the server is given. The test
// moves that clock past the entries' lifetime and waits for the timer — it never calls prune.

const postgres = await probeService("Postgres", pingPostgres);
const folder = mkdtempSync(join(tmpdir(), "jot-expiry-"));
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const database of databases) await database.drop();
  rmSync(folder, { recursive: true, force: true });
});

const EXPIRING = 200;
const LIFETIME_SECONDS = 60;
const POLL_BOUND_MS = 10_000;

/** Whether `check` comes to hold within the generous bound. */
const eventually = (check: () => boolean) => eventuallyWithin(check, { timeoutMs: POLL_BOUND_MS, intervalMs: 10 });

const SETUPS = [
  {
    name: "SQLite",
    services: [] as Service[],
    open: async () => `sqlite://${join(folder, `${crypto.randomUUID()}.sqlite`)}`,
    // The file is the server's alone while it runs: rows are counted once it has closed it.
    count: (url: string) => new SQL({ adapter: "sqlite", filename: url.slice("sqlite://".length) }),
  },
  {
    name: "Postgres (LISTEN/NOTIFY)",
    services: [postgres],
    open: async () => {
      const database = await createPostgresDatabase();
      databases.push(database);
      return database.url;
    },
    count: (url: string) => new SQL(url, { max: 1 }),
  },
];

for (const setup of SETUPS) {
  describeWith(setup.services, `revocations on ${setup.name}`, () => {
    test("expired entries leave memory and the tables on their own once the clock passes them; live ones stay and still refuse", async () => {
      const url = await setup.open();
      const clock = manualClock();
      const stores = await openStores(loadConfig({ JWT_SECRET_KEY: TEST_SECRET, DATABASE_URL: url }), clock, undefined, { pruneIntervalMs: 50 });
      const memorySize = () => (stores.revocations as unknown as { size: number }).size;
      const nowSeconds = clock() / 1000;
      const token = () => revocableToken(nowSeconds);

      const expiring = Array.from({ length: EXPIRING }, token);
      for (const t of expiring) await stores.revocations.revokeToken(t.jti, nowSeconds + LIFETIME_SECONDS);
      await stores.revocations.revokeSession(expiring[0]!.sid, nowSeconds + LIFETIME_SECONDS);
      await stores.revocations.revokeUserSessions(expiring[1]!.sub, { before: clock() }, nowSeconds + LIFETIME_SECONDS);
      const live = token();
      await stores.revocations.revokeToken(live.jti, nowSeconds + 100 * LIFETIME_SECONDS);
      await Bun.sleep(50); // the timer has run meanwhile: nothing has expired yet
      const before = memorySize();

      clock.advance(LIFETIME_SECONDS + 1);
      const shrunk = await eventually(() => memorySize() === 1);
      const answers = { live: await stores.revocations.isRevoked(live), expired: await stores.revocations.isRevoked(expiring[2]!) };
      await stores.close();
      const db = setup.count(url);
      const [rows] = await db`select (select count(*) from revoked_tokens) + (select count(*) from revoked_sessions)
        + (select count(*) from user_revocations) as n`;
      await db.close();

      expect({ before, shrunk, answers, rows: Number(rows.n) }).toEqual({
        before: EXPIRING + 3,
        shrunk: true,
        answers: { live: true, expired: false },
        rows: 1,
      });
    }, 30_000);
  });
}
