import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "./config-error.ts";
import { DEV_SECRET_FILE, loadOrCreateDevSecret } from "./dev-secret.ts";
import { loadConfig } from "./load-config.ts";
import { settleSigningSecret } from "./settle-signing-secret.ts";

const folder = mkdtempSync(join(tmpdir(), "jot-settle-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A development config on a SQLite file in a folder of its own, without a secret. */
function devConfig(name: string, env: Record<string, string> = {}) {
  return loadConfig({ DATABASE_URL: `sqlite://${join(folder, name)}/jot.sqlite`, ...env });
}

describe("settleSigningSecret", () => {
  test("a config without a secret gets the development key kept beside its SQLite file, with a warning", () => {
    const given = devConfig("fresh");
    const settled = settleSigningSecret(given);
    const stored = readFileSync(join(folder, "fresh", DEV_SECRET_FILE), "utf8").trim();
    expect(Buffer.from(settled.jwt.secret!).toString("base64url")).toBe(stored);
    expect(settled.warnings).toEqual([
      ...given.warnings,
      `JWT_SECRET_KEY is not set; using the development key in ${join(folder, "fresh")}/ (refused in production)`,
    ]);
    expect(given.jwt.secret).toBeUndefined();
  });

  test("settling again, as a restart does, finds the same key", () => {
    const first = settleSigningSecret(devConfig("again"));
    const second = settleSigningSecret(devConfig("again"));
    expect(second.jwt.secret).toEqual(first.jwt.secret!);
  });

  test("a config with its own secret is answered as it is", () => {
    const given = devConfig("own", { JWT_SECRET_KEY: "a-secret-of-its-own-32-bytes-long" });
    expect(settleSigningSecret(given)).toBe(given);
  });

  test("production given the development key is refused with one line", () => {
    const dataDir = join(folder, "prod");
    const devKey = Buffer.from(loadOrCreateDevSecret(dataDir)).toString("base64url");
    const production = loadConfig({
      NODE_ENV: "production",
      AUTH_REGISTRATION: "open",
      JWT_SECRET_KEY: devKey,
      DATABASE_URL: `sqlite://${dataDir}/jot.sqlite`,
    });
    expect(() => settleSigningSecret(production)).toThrow(
      new ConfigError("JWT_SECRET_KEY", "is the generated development key; production needs a secret of its own"),
    );
  });

  test("a production config built by hand without a secret is refused, never given the development key", () => {
    const production = { ...devConfig("hand"), production: true };
    expect(() => settleSigningSecret(production)).toThrow(new ConfigError("JWT_SECRET_KEY", "is required in production (at least 32 random bytes)"));
  });

  test("a folder where no key can be kept is one line naming it", () => {
    // A file where the folder should be: no key can be made there, whoever runs the test.
    const blocker = join(folder, "blocker");
    writeFileSync(blocker, "");
    const dataDir = join(blocker, "inner");
    const config = loadConfig({ DATABASE_URL: `sqlite://${dataDir}/jot.sqlite` });
    expect(() => settleSigningSecret(config)).toThrow(
      new ConfigError("JWT_SECRET_KEY", `is not set and no development key can be kept in ${dataDir}/ (ENOTDIR)`),
    );
  });
});
