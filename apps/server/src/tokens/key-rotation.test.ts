import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { TokenPair as Pair } from "@jot/shared";
import { generateKeyPairSync } from "node:crypto";
import { refusal } from "../../test/config-refusal.ts";
import { claimsOf, createPostgresDatabase, describeWith, pingPostgres, probeService, segments, type TestDatabase } from "@jot/testing";
import { createTestApp, registerAndLogin, type TestApp } from "../../test/test-app.ts";

const OLD = "the-old-secret-of-at-least-32-bytes!";
const NEW = "the-new-secret-of-at-least-32-bytes!";
const kidOf = (token: string) => JSON.parse(Buffer.from(segments(token)[0], "base64url").toString()).kid as string;

describe("rotation settings", () => {
  test("previous keys are held to the current key's rules and must fit the algorithm", () => {
    expect(refusal({ NODE_ENV: "production", AUTH_REGISTRATION: "open", JWT_SECRET_KEY: NEW, JWT_PREVIOUS_SECRET_KEYS: `${OLD},short` })).toBe(
      "JWT_PREVIOUS_SECRET_KEYS (key 2): is 5 bytes; HS256 needs at least 32 random bytes",
    );
    expect(refusal({ JWT_SECRET_KEY: NEW, JWT_PREVIOUS_PUBLIC_KEYS: "-----BEGIN PUBLIC KEY-----" })).toStartWith("JWT_PREVIOUS_PUBLIC_KEYS: is set, but");
    const pair = generateKeyPairSync("ed25519", { privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    const eddsa = { JWT_ALGORITHM: "EdDSA", JWT_PRIVATE_KEY: pair.privateKey, JWT_PUBLIC_KEY: pair.publicKey };
    expect(refusal({ ...eddsa, JWT_PREVIOUS_SECRET_KEYS: OLD })).toStartWith("JWT_PREVIOUS_SECRET_KEYS: is set, but");
    expect(refusal({ ...eddsa, JWT_PREVIOUS_PUBLIC_KEYS: "not a key" })).toBe("JWT_PREVIOUS_PUBLIC_KEYS: expected PEM public keys (-----BEGIN PUBLIC KEY-----)");
  });
});

describe("rotating an asymmetric key", () => {
  const pem = { privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } } as const;
  const before = generateKeyPairSync("ec", { namedCurve: "prime256v1", ...pem });
  const after = generateKeyPairSync("ec", { namedCurve: "prime256v1", ...pem });
  const ec = (pair: typeof before) => ({ JWT_ALGORITHM: "ES256", JWT_PRIVATE_KEY: pair.privateKey, JWT_PUBLIC_KEY: pair.publicKey });

  test("the JWKS lists the current and previous keys; the previous one verifies its tokens and signs none", async () => {
    const old = await createTestApp(ec(before));
    const user = await registerAndLogin(old);
    const oldKid = kidOf(user.access);
    await old.close();

    const rotated = await createTestApp({ ...ec(after), JWT_PREVIOUS_PUBLIC_KEYS: before.publicKey });
    try {
      rotated.clock.set(old.clock());
      const jwks = await rotated.request("/.well-known/jwks.json");
      expect(jwks.headers.get("cache-control")).toBe("public, max-age=300");
      const { keys } = (await jwks.json()) as { keys: Array<{ kid: string }> };
      expect(keys.map(({ kid }) => kid)).toEqual([expect.any(String), oldKid]);
      expect(keys[0]!.kid).not.toBe(oldKid);
      // The old key's tokens still verify (the guard needs no user row: its claims say who).
      expect((await rotated.request("/protected", { token: user.access })).status).toBe(200);
      const fresh = await registerAndLogin(rotated);
      expect(kidOf(fresh.access)).toBe(keys[0]!.kid);
    } finally {
      await rotated.close();
    }
  });
});

const postgres = await probeService("Postgres", pingPostgres);

describeWith(postgres, "rotating the shared secret of two instances under traffic", () => {
  let database: TestDatabase;
  const running: TestApp[] = [];
  beforeAll(async () => void (database = await createPostgresDatabase()));
  afterAll(async () => {
    for (const app of running) await app.close();
    await database.drop();
  });

  /** (Re)starts an instance on the shared database with the given keys, on the shared clock; the one it replaces stops first. */
  async function instance(secret: string, previous: string[], now: number, replacing?: TestApp): Promise<TestApp> {
    if (replacing) {
      running.splice(running.indexOf(replacing), 1);
      await replacing.close();
    }
    const app = await createTestApp({ DATABASE_URL: database.url, JWT_SECRET_KEY: secret, JWT_PREVIOUS_SECRET_KEYS: previous.join(",") });
    app.clock.set(now);
    running.push(app);
    return app;
  }

  test("publish the new key, sign with it, drop the old one after its tokens expire: no session is lost", async () => {
    let a = await instance(OLD, [], Date.UTC(2026, 0, 1));
    let b = await instance(OLD, [], a.clock());
    const users = await Promise.all(Array.from({ length: 4 }, () => registerAndLogin(a)));
    const sessions: Array<{ access: string; refresh: string }> = users.map(({ access, refresh }) => ({ access, refresh }));
    const failures: string[] = [];

    /** One round of traffic: every user calls both instances and refreshes on one of them. */
    async function traffic(round: number): Promise<void> {
      for (const [index, session] of sessions.entries()) {
        for (const [name, app] of [["a", a], ["b", b]] as const) {
          const status = (await app.request("/protected", { token: session.access })).status;
          if (status !== 200) failures.push(`round ${round}: user ${index} on ${name}: ${status}`);
        }
        const refresher = (round + index) % 2 ? a : b;
        const answer = await refresher.request("/auth/refresh", { method: "POST", token: session.refresh });
        if (answer.status !== 200) failures.push(`round ${round}: user ${index} refresh: ${answer.status}`);
        else {
          const pair = (await answer.json()) as Pair;
          sessions[index] = { access: pair.access_token, refresh: pair.refresh_token };
        }
      }
    }

    await traffic(0);
    // 1. Every instance learns the new key, still signing with the old one.
    b = await instance(OLD, [NEW], a.clock(), b);
    await traffic(1);
    a = await instance(OLD, [NEW], a.clock(), a);
    await traffic(2);
    // 2. Every instance signs with the new key, keeping the old one to verify.
    a = await instance(NEW, [OLD], a.clock(), a);
    await traffic(3);
    b = await instance(NEW, [OLD], a.clock(), b);
    await traffic(4);
    expect(sessions.map(({ access }) => kidOf(access))).toEqual(sessions.map(() => kidOf(sessions[0]!.access)));
    // 3. Once every token the old key signed has expired or been rotated, it goes.
    const lastOldToken = users[0]!.access;
    a = await instance(NEW, [], a.clock(), a);
    b = await instance(NEW, [], a.clock(), b);
    await traffic(5);

    expect(failures).toEqual([]);
    // A token of the old key is no longer accepted once the key is gone.
    expect(claimsOf(lastOldToken)).toHaveProperty("jti");
    expect(((await (await a.request("/protected", { token: lastOldToken })).json()) as { msg: string }).msg).toBe("Unknown kid header parameter");
  }, 30_000);
});
