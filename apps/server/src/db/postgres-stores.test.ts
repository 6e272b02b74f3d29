import { claimsOf, createPostgresDatabase, describeWith, pingPostgres, probeService, type TestDatabase } from "@jot/testing";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, registerAndLogin, type TestApp } from "../../test/test-app.ts";
import { revocationStoreConformance } from "@jot/stores/conformance";
import { type Database, migrate, MIGRATIONS, openDatabase, SqlRevocationStore, SqlSessionStore } from "@jot/stores";
import { sessionStoreConformance } from "@jot/stores/conformance";
import { counterStoreConformance } from "../throttle/counter-store.conformance.ts";
import { SqlCounterStore } from "../throttle/sql-counter-store.ts";

const postgres = await probeService("Postgres", pingPostgres);
let database: TestDatabase;
let db: Database;

describeWith(postgres, "Postgres", () => {
  beforeAll(async () => {
    database = await createPostgresDatabase();
    db = openDatabase(database.url);
    await migrate(db);
  });
  afterAll(async () => {
    await db.sql.close();
    await database.drop();
  });

  revocationStoreConformance("Postgres", async () => ({
    store: new SqlRevocationStore(db.sql),
    reopen: async () => new SqlRevocationStore(db.sql),
  }));
  sessionStoreConformance("Postgres", async () => new SqlSessionStore(db.sql));
  counterStoreConformance("Postgres", async () => new SqlCounterStore(db.sql));

  test("migrating twice, or from several instances at once, applies each version once", async () => {
    const instances = [openDatabase(database.url), openDatabase(database.url)];
    const results = await Promise.all(instances.map(migrate));
    for (const instance of instances) await instance.sql.close();
    expect(results).toEqual([0, 0]);
    const versions = await db.sql`select version from schema_migrations order by version`;
    expect(versions.map((row: { version: number }) => row.version)).toEqual(MIGRATIONS.map((migration) => migration.version));
  });

  describe("the app on Postgres", () => {
    let a: TestApp;
    let b: TestApp;
    beforeAll(async () => {
      a = await createTestApp({ DATABASE_URL: database.url });
      b = await createTestApp({ DATABASE_URL: database.url });
      b.clock.set(a.clock());
    });
    afterAll(async () => {
      await a.close();
      await b.close();
    });

    test("a user registered on one instance logs in on another, and logout on one is refused on the other", async () => {
      const user = await registerAndLogin(a);
      expect((await b.request("/protected", { token: user.access })).status).toBe(200);
      expect((await b.request("/auth/logout", { method: "DELETE", token: user.access })).status).toBe(200);
      const refused = await a.request("/protected", { token: user.access });
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { error: string }).error).toBe("token_revoked");
    });

    test("parallel refreshes of one token on two instances rotate it exactly once, and honour it once more within the grace window", async () => {
      const user = await registerAndLogin(a);
      const answers = await Promise.all([0, 1].map((i) => (i % 2 ? a : b).request("/auth/refresh", { method: "POST", token: user.refresh })));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      const pairs = await Promise.all(answers.map(async (answer) => (await answer.json()) as { refresh_token: string }));
      expect(new Set(pairs.map((pair) => claimsOf<{ jti: string }>(pair.refresh_token).jti)).size).toBe(1);
      expect((await a.request("/auth/refresh", { method: "POST", token: user.refresh })).status).toBe(401);
    });

    test("logout everywhere on one instance reaches the other", async () => {
      const user = await registerAndLogin(a);
      expect((await a.request("/auth/sessions", { method: "DELETE", token: user.access })).status).toBe(200);
      expect((await b.request("/protected", { token: user.access })).status).toBe(401);
      expect((await b.request("/auth/refresh", { method: "POST", token: user.refresh })).status).toBe(401);
    });

    test("emails are unique regardless of case across instances, and a reset token issued on one instance works on the other", async () => {
      const first = await registerAndLogin(a);
      const second = await registerAndLogin(b);
      const email = `pg${crypto.randomUUID().slice(0, 8)}@example.com`;
      expect((await a.request("/auth/email", { method: "PUT", token: first.access, json: { email } })).status).toBe(202);
      const taken = await b.request("/auth/email", { method: "PUT", token: second.access, json: { email: email.toUpperCase() } });
      expect({ status: taken.status, body: await taken.json() }).toEqual({ status: 409, body: { error: "email_taken", msg: "Email already in use" } });
      const registered = await b.request("/auth/register", { method: "POST", json: { username: `pg${crypto.randomUUID().slice(0, 8)}`, password: "correct horse battery", email } });
      expect(registered.status).toBe(409);
      await a.settled();
      const verification = a.deliveries.findLast((delivery) => delivery.user.email === email)!;
      expect((await b.request("/auth/email/verify", { method: "POST", json: { token: verification.token } })).status).toBe(200);

      expect((await a.request("/auth/password/forgot", { method: "POST", json: { username: first.username } })).status).toBe(202);
      await a.settled();
      const reset = a.deliveries.at(-1)!;
      expect(reset).toMatchObject({ kind: "password_reset", user: { id: first.id, email } });
      const rows = await db.sql`select * from one_time_tokens where user_id = ${first.id}`;
      expect(JSON.stringify(rows)).not.toContain(reset.token);
      expect((await b.request("/auth/password/reset", { method: "POST", json: { token: reset.token, new_password: "reset on postgres" } })).status).toBe(200);
      expect((await a.request("/auth/password/reset", { method: "POST", json: { token: reset.token, new_password: "reset on postgres" } })).status).toBe(400);
      expect((await a.request("/protected", { token: first.access })).status).toBe(401);
    });
  });
});
