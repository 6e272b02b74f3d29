import { afterAll, beforeAll, expect, test } from "bun:test";
import { jot } from "@jot/elysia";
import { openSharedRevocations } from "@jot/stores";
import { createPostgresDatabase, describeWith, eventually, pingPostgres, probeService, REDIS_TEST_URL, type TestDatabase } from "@jot/testing";
import { createTestApp, registerAndLogin, TEST_SECRET, type TestApp } from "@jot/server/testing";
import { notesApi } from "../src/notes-api.ts";

const postgres = await probeService("Postgres", pingPostgres);
const redis = await probeService("Redis", async () => {
  const client = new Bun.RedisClient(REDIS_TEST_URL, { connectionTimeout: 1000, autoReconnect: false });
  try {
    await client.ping();
  } finally {
    client.close();
  }
});

/** The jot server and the notes API, sharing the key and the revocation store the server writes to. */
function sharedStoreSuite(store: "Postgres" | "Redis") {
  let database: TestDatabase;
  let server: TestApp;
  let api: ReturnType<typeof notesApi>;
  let close: () => Promise<void>;
  const prefix = `jot-resource-api-test:${crypto.randomUUID()}:`;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const redisEnv: Record<string, string> = store === "Redis" ? { REDIS_URL: REDIS_TEST_URL, REDIS_KEY_PREFIX: prefix } : {};
    server = await createTestApp({ DATABASE_URL: database.url, ...redisEnv });
    const shared = await openSharedRevocations(
      store === "Redis" ? { redisUrl: REDIS_TEST_URL, redisKeyPrefix: prefix, clock: server.clock } : { databaseUrl: database.url, clock: server.clock },
    );
    close = shared.close;
    api = notesApi(jot({ secret: TEST_SECRET, stores: { revocations: shared.revocations }, clock: server.clock }));
  });
  afterAll(async () => {
    await close();
    await server.close();
    await database.drop();
  });

  const call = (path: string, token: string, init: RequestInit = {}) =>
    api.handle(new Request(`http://localhost${path}`, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } }));

  test("accepts the jot server's tokens for its own routes and data, per user", async () => {
    const ann = await registerAndLogin(server);
    const bob = await registerAndLogin(server);
    const created = await call("/notes", ann.access, { method: "POST", body: JSON.stringify({ text: "buy milk" }) });
    expect(created.status).toBe(201);
    expect(await (await call("/notes", ann.access)).json()).toEqual({ notes: [{ id: expect.any(Number), owner: ann.id, text: "buy milk" }] });
    expect(await (await call("/notes", bob.access)).json()).toEqual({ notes: [] });
    expect((await call("/notes", ann.access, { method: "POST", body: JSON.stringify({ text: "" }) })).status).toBe(400);
    expect((await call("/notes/all", ann.access)).status).toBe(403);
    expect((await call("/notes", ann.refresh)).status).toBe(401);
  });

  test("a logout on the jot server is refused here too", async () => {
    const ann = await registerAndLogin(server);
    expect((await call("/notes", ann.access)).status).toBe(200);
    expect((await server.request("/auth/logout", { method: "DELETE", token: ann.access })).status).toBe(200);
    // Redis reaches this API's mirror through pub/sub: give it a moment.
    expect(await eventually(async () => (await call("/notes", ann.access)).status === 401)).toBe(true);
    const refused = await call("/notes", ann.access);
    expect({ status: refused.status, body: await refused.json() }).toEqual({ status: 401, body: { error: "token_revoked", msg: "Token has been revoked" } });
  });
}

describeWith(postgres, "the notes API with revocations shared through Postgres", () => sharedStoreSuite("Postgres"));
describeWith([postgres, redis], "the notes API with revocations shared through Redis", () => sharedStoreSuite("Redis"));

test("a service without a shared store is told what it needs", async () => {
  await expect(openSharedRevocations({ databaseUrl: "sqlite://data/jot.sqlite" })).rejects.toThrow("expected redisUrl, or a postgres:// databaseUrl");
});
