import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../src/app.ts";
import { systemClock } from "@jot/elysia/server";
import { loadConfig } from "../src/config/load-config.ts";
import { settleSigningSecret } from "../src/config/settle-signing-secret.ts";
import { openStores } from "../src/stores.ts";
import { createPasswordHasher } from "../src/users/password-hasher.ts";
import { greeted, login, register } from "../test/e2e-helpers.ts";
import { spawnServer } from "@jot/testing";
import { outcome } from "../test/test-app.ts";

// Without JWT_SECRET_KEY, `bun run start` and an app embedding `createApp` find or make the
// development key by the same step, settleSigningSecret: a token one issued is good in the other,
// on the same data folder.

const dataDir = mkdtempSync(join(tmpdir(), "jot-dev-key-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const DATABASE_URL = `sqlite://${dataDir}/jot.sqlite`;

/** The app as an embedding program builds it: the key settled, then the stores, then `createApp`. */
async function embeddedApp() {
  const config = settleSigningSecret(loadConfig({ DATABASE_URL }));
  const stores = await openStores(config, systemClock, () => undefined);
  const app = createApp(config, { clock: systemClock, passwords: createPasswordHasher(), ...stores, audit: () => undefined, logError: () => undefined });
  return { app, warnings: config.warnings, close: () => stores.close() };
}

describe("the development key, standalone and embedded", () => {
  test("a token from `bun run start` without a key is accepted by createApp on the same data folder; the server prints the warning once, and the embedding app is given it", async () => {
    // An empty JWT_SECRET_KEY counts as unset, whatever the environment running the tests holds.
    const server = await spawnServer({ JWT_SECRET_KEY: "", DATABASE_URL });
    let username: string;
    let access: string;
    try {
      username = await register(server);
      access = (await login(server, username)).access_token;
    } finally {
      await server.stop();
    }
    const warning = `jot: warning: JWT_SECRET_KEY is not set; using the development key in ${dataDir}/ (refused in production)`;
    expect(server.output().split("\n").filter((line) => line.includes("JWT_SECRET_KEY"))).toEqual([warning]);

    const embedded = await embeddedApp();
    expect(embedded.warnings).toEqual([warning.slice("jot: warning: ".length)]);
    try {
      const response = await embedded.app.handle(new Request("http://localhost/protected", { headers: { authorization: `Bearer ${access}` } }));
      expect(await outcome(response)).toEqual(greeted(username));
    } finally {
      await embedded.close();
    }
  }, 30_000);
});
