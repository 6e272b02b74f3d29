import { describe, expect, test } from "bun:test";
import { MemoryRevocationStore, MemorySessionStore } from "@jot/elysia";
import { manualClock, TEST_SECRET } from "@jot/testing";
import { standaloneAuth } from "../standalone-auth.ts";
import { loadConfig } from "./load-config.ts";
import { configuredKey } from "./token-options.ts";

const stores = () => ({ clock: manualClock(), revocations: new MemoryRevocationStore(), sessions: new MemorySessionStore() });

describe("the config's token settings reach the guard by one path", () => {
  test("expiries, leeway, issuer, audience and the cookie transport's CSRF claim are the guard's settings as configured", () => {
    const config = loadConfig({
      JWT_SECRET_KEY: TEST_SECRET,
      DATABASE_URL: "sqlite://:memory:",
      JWT_ACCESS_TOKEN_EXPIRES: "90s",
      JWT_REFRESH_TOKEN_EXPIRES: "2h",
      JWT_DECODE_LEEWAY: "5",
      JWT_ISSUER: "https://jot.test",
      JWT_AUDIENCE: "api",
      JWT_TOKEN_LOCATION: "headers,cookies",
    });

    const { settings } = standaloneAuth(config, stores(), () => undefined);

    expect(settings).toMatchObject({
      accessTtlSeconds: 90,
      refreshTtlSeconds: 7200,
      leewaySeconds: 5,
      issuer: "https://jot.test",
      audience: "api",
      csrfClaims: true,
      requiredClaims: ["sid", "username"],
    });
    expect(settings.key.algorithm).toBe("HS256");
  });

  test("a config without its key is a TypeError naming the step that settles it", () => {
    const config = loadConfig({ DATABASE_URL: "sqlite://:memory:" });

    expect(() => configuredKey(config)).toThrow(new TypeError("config.jwt.secret is not set: settleSigningSecret(config) finds or makes the development key"));
    expect(() => standaloneAuth(config, stores(), () => undefined)).toThrow(TypeError);
  });
});
