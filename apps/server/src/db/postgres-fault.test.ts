import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { SQL } from "bun";
import { createPostgresDatabase, describeWith, eventually, pingPostgres, POSTGRES_ADMIN_URL, probeService, type TestDatabase } from "@jot/testing";
import { createTestApp, registerAndLogin, type TestApp } from "../../test/test-app.ts";

const postgres = await probeService("Postgres", pingPostgres);

describeWith(postgres, "S-14: when Postgres goes away", () => {
  let database: TestDatabase;
  let t: TestApp;
  let admin: SQL;
  const name = () => new URL(database.url).pathname.slice(1);

  beforeAll(async () => {
    database = await createPostgresDatabase();
    t = await createTestApp({ DATABASE_URL: database.url });
    admin = new SQL(POSTGRES_ADMIN_URL, { max: 1 });
  });
  afterAll(async () => {
    await admin.unsafe(`alter database ${name()} allow_connections true`);
    await t.close();
    await admin.close();
    await database.drop();
  });

  test("guarded routes answer 503 store_unavailable, never 200, and recover by themselves with no revocation lost", async () => {
    const user = await registerAndLogin(t);
    const revokedUser = await registerAndLogin(t);
    expect((await t.request("/auth/logout", { method: "DELETE", token: revokedUser.access })).status).toBe(200);

    // The outage: no new connections, and the app's open ones cut.
    await admin.unsafe(`alter database ${name()} allow_connections false`);
    await admin.unsafe(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name()}'`);

    // The revocations are answered from memory: the loss is known once the closed connection is
    // heard of, and from then on nothing is answered from that copy. A revoked token is never let in.
    const revokedLetIn: number[] = [];
    const noticed = await eventually(async () => {
      revokedLetIn.push((await t.request("/protected", { token: revokedUser.access })).status);
      return (await t.request("/protected", { token: user.access })).status === 503;
    });
    expect({ noticed, revokedLetIn: revokedLetIn.filter((status) => status === 200) }).toEqual({ noticed: true, revokedLetIn: [] });
    const during: number[] = [];
    for (let i = 0; i < 20; i++) {
      during.push((await t.request("/protected", { token: user.access })).status);
      during.push((await t.request("/protected", { token: revokedUser.access })).status);
    }
    expect(during.filter((status) => status !== 503)).toEqual([]);
    const refused = await t.request("/protected", { token: user.access });
    expect((await refused.json()) as object).toEqual({ error: "store_unavailable", msg: "The database could not be reached" });
    const health = await t.request("/health");
    expect(health.status).toBe(503);
    expect(((await health.json()) as { stores: object }).stores).toEqual({ database: "unavailable" });

    await admin.unsafe(`alter database ${name()} allow_connections true`);
    expect(await eventually(async () => (await t.request("/protected", { token: user.access })).status === 200, { timeoutMs: 5_000, intervalMs: 25 })).toBe(true);
    expect((await t.request("/health")).status).toBe(200);
    const stillRevoked = await t.request("/protected", { token: revokedUser.access });
    expect(stillRevoked.status).toBe(401);
    expect(((await stillRevoked.json()) as { error: string }).error).toBe("token_revoked");
    // Every refused connection attempt costs Postgres a backend start: on a busy machine the outage
    // takes longer than bun's default 5 s to sweep through. A bound, not a speed asserted.
  }, 30_000);
});
