import { deleteRedisKeys, describeWith, eventually, pingRedis, probeService, redisServerAvailable, type RedisServerProcess, revocableToken, startRedisServer } from "@jot/testing";
import { lookup } from "../../test/revocation-lookup.ts";
import { afterAll, describe, expect, test } from "bun:test";
import { RedisClient } from "bun";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JotError, type RevocableToken } from "@jot/elysia/server";
import { RedisRevocationLayout } from "./redis-revocation-codec.ts";
import { RedisRevocationStore } from "./redis-revocation-store.ts";
import { revocationStoreConformance } from "./revocation-store.conformance.ts";

const SHARED_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
/** The conformance suite's "now", so its lifetimes are minutes rather than months. */
const NOW = 1_800_000_000;
const clock = () => NOW * 1000;
const HOUR = 3600;

const stores: RedisRevocationStore[] = [];
const clients: RedisClient[] = [];
const servers: RedisServerProcess[] = [];
const folders: string[] = [];
/** Keys to delete afterwards: every prefix used, with the URL of the Redis it was used on. */
const prefixes: Array<{ url: string; prefix: string }> = [];

afterAll(async () => {
  for (const store of stores) store.close();
  for (const { url, prefix } of prefixes) await deleteRedisKeys(url, prefix).catch(() => undefined);
  for (const client of clients) client.close();
  for (const server of servers) await server.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A fresh random prefix on `url`, remembered for clean-up. */
function newPrefix(url = SHARED_URL): string {
  const prefix = `jot-test:${crypto.randomUUID()}:`;
  prefixes.push({ url, prefix });
  return prefix;
}

async function openStore(prefix: string, url = SHARED_URL): Promise<RedisRevocationStore> {
  const store = await RedisRevocationStore.connect({ url, prefix, clock });
  stores.push(store);
  return store;
}

async function rawClient(url = SHARED_URL): Promise<RedisClient> {
  const client = new RedisClient(url, { autoReconnect: false, enableOfflineQueue: false, connectionTimeout: 1000 });
  clients.push(client);
  await client.connect();
  return client;
}


const token = (overrides: Partial<RevocableToken> = {}) => revocableToken(NOW, overrides);


/** Writes an entry straight into Redis, without announcing it: only a reload can find it. */
async function writeBehindTheStoresBack(client: RedisClient, prefix: string, jti: string): Promise<void> {
  await client.send("SET", [new RedisRevocationLayout(prefix).key("token", jti), String(NOW + HOUR), "PX", String(HOUR * 1000)]);
}

const sharedRedis = await probeService("Redis", () => pingRedis(SHARED_URL));
const privateRedis = await probeService("the redis-server binary", () => {
  if (!redisServerAvailable()) throw new Error("redis-server is not on the PATH");
});

describeWith(sharedRedis, "on a shared Redis", () => {
  revocationStoreConformance("Redis", async () => {
    const prefix = newPrefix();
    return { store: await openStore(prefix), reopen: () => openStore(prefix) };
  });
});

describeWith(sharedRedis, "Redis revocation store shared by instances", () => {
  test("tokens and sessions revoked on one instance are refused by another on the same prefix", async () => {
    const prefix = newPrefix();
    const [a, b] = [await openStore(prefix), await openStore(prefix)];
    const byJti = token();
    const bySession = token();
    expect([lookup(b, byJti), lookup(b, bySession)]).toEqual([false, false]);
    await a.revokeToken(byJti.jti, NOW + 60);
    await a.revokeSession(bySession.sid, NOW + 60);
    const seen = await eventually(() => lookup(b, byJti) === true && lookup(b, bySession) === true);
    expect({ seen, other: lookup(b, token()) }).toEqual({ seen: true, other: false });
  });

  test("a user mark made on one instance revokes the same sessions on another, sparing the same one", async () => {
    const prefix = newPrefix();
    const [a, b] = [await openStore(prefix), await openStore(prefix)];
    const sub = crypto.randomUUID();
    const before = NOW * 1000;
    const older = token({ sub, sid: Bun.randomUUIDv7("hex", before - 1) });
    const spared = token({ sub, sid: Bun.randomUUIDv7("hex", before - 1) });
    const newer = token({ sub, sid: Bun.randomUUIDv7("hex", before + 1) });
    await b.revokeUserSessions(sub, { before, exceptSid: spared.sid }, NOW + 60);
    const seen = await eventually(() => lookup(a, older) === true);
    expect({ seen, spared: lookup(a, spared), newer: lookup(a, newer) }).toEqual({ seen: true, spared: false, newer: false });
  });

  test("a user mark written later with an earlier time leaves every instance with the later mark", async () => {
    const prefix = newPrefix();
    const [a, b] = [await openStore(prefix), await openStore(prefix)];
    const sub = crypto.randomUUID();
    const between = token({ sub, sid: Bun.randomUUIDv7("hex", NOW * 1000 + 100) });
    await a.revokeUserSessions(sub, { before: NOW * 1000 + 200 }, NOW + 60);
    await b.revokeUserSessions(sub, { before: NOW * 1000 + 50, exceptSid: between.sid }, NOW + 60);
    const bothRefuse = await eventually(() => lookup(a, between) === true && lookup(b, between) === true);
    expect(bothRefuse).toBe(true);
  });

  test("instances on different prefixes do not see each other's revocations", async () => {
    const prefix = newPrefix();
    const [a, b] = [await openStore(prefix), await openStore(prefix)];
    const elsewhere = await openStore(newPrefix());
    const t = token();
    await a.revokeToken(t.jti, NOW + 60);
    const seen = await eventually(() => lookup(b, t) === true);
    expect({ seen, elsewhere: lookup(elsewhere, t) }).toEqual({ seen: true, elsewhere: false });
  });

  test("an unreadable message on the channel makes the store reload from Redis rather than ignore it", async () => {
    const prefix = newPrefix();
    const store = await openStore(prefix);
    const client = await rawClient();
    const hidden = token();
    await writeBehindTheStoresBack(client, prefix, hidden.jti);
    const unheard = lookup(store, hidden);
    await client.publish(new RedisRevocationLayout(prefix).channel, "not json");
    const reloaded = await eventually(() => lookup(store, hidden) === true);
    expect({ unheard, reloaded }).toEqual({ unheard: false, reloaded: true });
  });

  test("entries live in Redis for their remaining lifetime by the injected clock, and never less than before", async () => {
    const prefix = newPrefix();
    const store = await openStore(prefix);
    const client = await rawClient();
    const layout = new RedisRevocationLayout(prefix);
    const t = token();
    await store.revokeToken(t.jti, NOW + 60);
    await store.revokeToken(t.jti, NOW + 10);
    await store.revokeUserSessions(t.sub, { before: 1 }, NOW + 120);
    await store.revokeUserSessions(t.sub, { before: 2 }, NOW + 30);
    await store.revokeSession(t.sid, NOW - 60); // already past: kept briefly, so others still hear of it
    const ttl = async (key: string) => Number(await client.send("PTTL", [key]));
    const [tokenTtl, userTtl, sessionTtl] = [await ttl(layout.key("token", t.jti)), await ttl(layout.key("user", t.sub)), await ttl(layout.key("session", t.sid))];
    expect({
      token: tokenTtl > 50_000 && tokenTtl <= 60_000,
      user: userTtl > 110_000 && userTtl <= 120_000,
      session: sessionTtl > 0 && sessionTtl <= 1000,
      mark: await client.get(layout.key("user", t.sub)),
    }).toEqual({ token: true, user: true, session: true, mark: `2 ${NOW + 120} ` });
  });
});

describeWith(privateRedis, "Redis revocation store when Redis fails", () => {
  test(
    "while Redis is down the store refuses to answer or write, and once back it answers with everything Redis holds",
    async () => {
      const folder = mkdtempSync(join(tmpdir(), "jot-redis-"));
      folders.push(folder);
      const server = await startRedisServer({ appendOnlyDir: folder });
      servers.push(server);
      const prefix = newPrefix(server.url);
      const store = await openStore(prefix, server.url);
      const revoked = token();
      const hidden = token();
      const fresh = token();
      await store.revokeToken(revoked.jti, NOW + HOUR);
      await writeBehindTheStoresBack(await rawClient(server.url), prefix, hidden.jti);
      const beforeOutage = [lookup(store, revoked), lookup(store, hidden)];

      await server.stop();
      const answers: Array<boolean | string> = [];
      const refused = await eventually(() => {
        const answer = lookup(store, revoked);
        answers.push(answer);
        return answer === "store_unavailable";
      });
      const down = {
        refused,
        everAnsweredNotRevoked: answers.includes(false),
        fresh: lookup(store, fresh),
        write: await store.revokeToken(fresh.jti, NOW + HOUR).catch((error: JotError) => error.code),
        ping: await store.ping().catch((error: JotError) => error.code),
      };

      await server.restart();
      const recovered = await eventually(() => lookup(store, fresh) !== "store_unavailable", { timeoutMs: 10_000, intervalMs: 50 });
      const after = { recovered, revoked: lookup(store, revoked), hidden: lookup(store, hidden), fresh: lookup(store, fresh) };
      await store.revokeToken(fresh.jti, NOW + HOUR);
      const newcomer = await openStore(prefix, server.url);

      expect({ beforeOutage, down, after, writtenAfter: lookup(store, fresh), newcomerKnows: lookup(newcomer, revoked) }).toEqual({
        beforeOutage: [true, false],
        down: { refused: true, everAnsweredNotRevoked: false, fresh: "store_unavailable", write: "store_unavailable", ping: "store_unavailable" },
        after: { recovered: true, revoked: true, hidden: true, fresh: false },
        writtenAfter: true,
        newcomerKnows: true,
      });
    },
    30_000,
  );

  test("a store whose subscription is cut re-subscribes and reloads before it answers again", async () => {
    const server = await startRedisServer();
    servers.push(server);
    const prefix = newPrefix(server.url);
    const [store, other] = [await openStore(prefix, server.url), await openStore(prefix, server.url)];
    const client = await rawClient(server.url);
    const hidden = token();
    const later = token();
    await writeBehindTheStoresBack(client, prefix, hidden.jti);
    const unheard = lookup(store, hidden);
    await client.send("CLIENT", ["KILL", "TYPE", "pubsub"]);
    const reloaded = await eventually(() => lookup(store, hidden) === true, { timeoutMs: 5_000, intervalMs: 25 });
    await eventually(() => lookup(other, later) !== "store_unavailable", { timeoutMs: 5_000, intervalMs: 25 });
    await other.revokeToken(later.jti, NOW + 60);
    const heard = await eventually(() => lookup(store, later) === true);
    expect({ unheard, reloaded, heard }).toEqual({ unheard: false, reloaded: true, heard: true });
  }, 20_000);

  test("a Redis that stops answering without closing its connections counts as down until it answers again", async () => {
    const server = await startRedisServer();
    servers.push(server);
    const prefix = newPrefix(server.url);
    const fast = { connectionTimeoutMs: 200, commandTimeoutMs: 200, heartbeatMs: 50 };
    const store = await RedisRevocationStore.connect({ url: server.url, prefix, clock, ...fast });
    stores.push(store);
    const revoked = token();
    await store.revokeToken(revoked.jti, NOW + 60);

    server.freeze();
    const answers: Array<boolean | string> = [];
    const refused = await eventually(() => {
      const answer = lookup(store, revoked);
      answers.push(answer);
      return answer === "store_unavailable";
    }, { timeoutMs: 2_000, intervalMs: 10 });
    const write = await store.revokeToken(token().jti, NOW + 60).catch((error: JotError) => error.code);
    server.thaw();
    const recovered = await eventually(() => lookup(store, revoked) !== "store_unavailable", { timeoutMs: 5_000, intervalMs: 25 });

    expect({ refused, everAnsweredNotRevoked: answers.includes(false), write, recovered, after: lookup(store, revoked) }).toEqual({
      refused: true,
      everAnsweredNotRevoked: false,
      write: "store_unavailable",
      recovered: true,
      after: true,
    });
  }, 20_000);

  test("connecting to a Redis that does not answer fails with store_unavailable", async () => {
    const server = await startRedisServer();
    await server.stop();
    const failure = await RedisRevocationStore.connect({ url: server.url, prefix: "jot-test:", clock }).then(
      (store) => {
        stores.push(store);
        return "connected";
      },
      (error: JotError) => error.code,
    );
    expect(failure).toBe("store_unavailable");
  });
});
