import { refusal } from "../../test/config-refusal.ts";
import { describe, expect, test } from "bun:test";
import { parseDuration } from "@jot/elysia/server";
import { loadConfig } from "./load-config.ts";

const SECRET = "a-development-secret-of-32-bytes";


describe("loading the configuration", () => {
  test("defaults follow the contract", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: undefined,
      production: false,
      databaseUrl: "sqlite://data/jot.sqlite",
      sqliteSynchronous: "normal",
      redisUrl: undefined,
      registration: "open",
      jwt: {
        algorithm: "HS256",
        secret: undefined,
        accessTtlSeconds: 900,
        refreshTtlSeconds: 30 * 86400,
        refreshReuseGraceSeconds: 10,
        leewaySeconds: 0,
        issuer: undefined,
        audience: undefined,
        tokenLocations: ["headers"],
      },
    });
  });

  test("durations take seconds or s, m, h, d", () => {
    expect([parseDuration("90"), parseDuration("90s"), parseDuration("15m"), parseDuration("12h"), parseDuration("30d")]).toEqual([90, 90, 900, 43200, 2592000]);
    for (const bad of ["", "15x", "-5", "1.5h", "m", "15 m"]) expect(parseDuration(bad)).toBeUndefined();
    expect(loadConfig({ JWT_ACCESS_TOKEN_EXPIRES: "5m", JWT_REFRESH_TOKEN_EXPIRES: "1d" }).jwt).toMatchObject({ accessTtlSeconds: 300, refreshTtlSeconds: 86400 });
  });

  test("every duration takes the same forms, and a value out of bounds is refused with the bound", () => {
    expect(loadConfig({ JWT_DECODE_LEEWAY: "5s" }).jwt.leewaySeconds).toBe(5);
    expect(loadConfig({ JWT_DECODE_LEEWAY: "1m", JWT_REFRESH_REUSE_GRACE: "0" }).jwt).toMatchObject({ leewaySeconds: 60, refreshReuseGraceSeconds: 0 });
    expect(refusal({ JWT_DECODE_LEEWAY: "10m" })).toBe('JWT_DECODE_LEEWAY: must be at most 300s, got "10m"');
    expect(refusal({ JWT_DECODE_LEEWAY: "5 seconds" })).toBe('JWT_DECODE_LEEWAY: expected seconds or a duration such as 90s, 15m, 12h, 30d, got "5 seconds"');
    expect(refusal({ JWT_REFRESH_TOKEN_EXPIRES: "0" })).toBe('JWT_REFRESH_TOKEN_EXPIRES: must be at least 1s, got "0"');
    expect(refusal({ JWT_ACCESS_TOKEN_EXPIRES: "0s" })).toBe('JWT_ACCESS_TOKEN_EXPIRES: must be at least 1s, got "0s"');
    expect(refusal({ THROTTLE_WINDOW: "0m" })).toBe('THROTTLE_WINDOW: must be at least 1s, got "0m"');
  });

  test("a key the algorithm will not use is refused, never ignored", () => {
    const pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----";
    expect(refusal({ JWT_PRIVATE_KEY: pem, JWT_PUBLIC_KEY: pem })).toBe(
      "JWT_PRIVATE_KEY: is set, but JWT_ALGORITHM is unset, so HS256 signs with JWT_SECRET_KEY; set JWT_ALGORITHM to RS256, ES256 or EdDSA to use the key pair",
    );
    expect(refusal({ JWT_ALGORITHM: "HS384", JWT_PUBLIC_KEY: pem })).toBe(
      "JWT_PUBLIC_KEY: is set, but JWT_ALGORITHM=HS384 signs with JWT_SECRET_KEY; set JWT_ALGORITHM to RS256, ES256 or EdDSA to use the key pair",
    );
    expect(refusal({ JWT_ALGORITHM: "ES256", JWT_SECRET_KEY: SECRET })).toBe(
      "JWT_SECRET_KEY: is set, but JWT_ALGORITHM=ES256 signs with JWT_PRIVATE_KEY; remove JWT_SECRET_KEY or choose HS256, HS384 or HS512",
    );
    // .env.example leaves the unused ones empty: empty is unset.
    expect(loadConfig({ JWT_SECRET_KEY: SECRET, JWT_PRIVATE_KEY: "", JWT_PUBLIC_KEY: "" }).jwt.algorithm).toBe("HS256");
  });

  test("a bad value is refused with one line naming the variable", () => {
    expect(refusal({ JWT_ALGORITHM: "HS999" })).toBe('JWT_ALGORITHM: unknown algorithm "HS999"; expected one of HS256, HS384, HS512, RS256, ES256, EdDSA');
    expect(refusal({ JWT_ALGORITHM: "none" })).toStartWith("JWT_ALGORITHM: ");
    expect(refusal({ JWT_ACCESS_TOKEN_EXPIRES: "forever" })).toBe('JWT_ACCESS_TOKEN_EXPIRES: expected seconds or a duration such as 90s, 15m, 12h, 30d, got "forever"');
    expect(refusal({ JWT_ACCESS_TOKEN_EXPIRES: "0" })).toStartWith("JWT_ACCESS_TOKEN_EXPIRES: ");
    expect(refusal({ JWT_ACCESS_TOKEN_EXPIRES: "2d", JWT_REFRESH_TOKEN_EXPIRES: "1d" })).toBe("JWT_REFRESH_TOKEN_EXPIRES: must not be shorter than JWT_ACCESS_TOKEN_EXPIRES");
    expect(refusal({ PORT: "70000" })).toBe('PORT: expected a whole number from 0 to 65535, got "70000"');
    expect(refusal({ PORT: "3000abc" })).toStartWith("PORT: ");
    expect(refusal({ JWT_DECODE_LEEWAY: "3600" })).toStartWith("JWT_DECODE_LEEWAY: ");
    expect(refusal({ JWT_TOKEN_LOCATION: "headers,body" })).toBe('JWT_TOKEN_LOCATION: unknown location "body"; expected a comma list of headers, cookies, query_string, json');
    expect(refusal({ DATABASE_URL: "mysql://x" })).toBe("DATABASE_URL: expected sqlite://<path> or postgres://…");
    expect(refusal({ AUTH_REGISTRATION: "maybe" })).toBe('AUTH_REGISTRATION: expected one of open, closed, got "maybe"');
    expect(refusal({ NODE_ENV: "prod" })).toStartWith("NODE_ENV: ");
    expect(refusal({ CORS_ORIGINS: "http://localhost:5173/app" })).toBe('CORS_ORIGINS: "http://localhost:5173/app" is not an origin such as https://app.example.com or http://localhost:5173');
    expect(loadConfig({ CORS_ORIGINS: "http://localhost:5173 ,https://a.example" }).corsOrigins).toEqual(["http://localhost:5173", "https://a.example"]);
  });

  test("S-20: production refuses a missing or short secret; development warns", () => {
    expect(refusal({ NODE_ENV: "production" })).toBe("JWT_SECRET_KEY: is required in production (at least 32 random bytes)");
    expect(refusal({ NODE_ENV: "production", JWT_ALGORITHM: "HS512" })).toBe("JWT_SECRET_KEY: is required in production (at least 64 random bytes)");
    expect(refusal({ NODE_ENV: "production", JWT_SECRET_KEY: "short" })).toBe("JWT_SECRET_KEY: is 5 bytes; HS256 needs at least 32 random bytes");
    expect(refusal({ NODE_ENV: "production", JWT_SECRET_KEY: SECRET, JWT_ALGORITHM: "HS512" })).toBe("JWT_SECRET_KEY: is 32 bytes; HS512 needs at least 64 random bytes");
    const development = loadConfig({ JWT_SECRET_KEY: "short" });
    expect(development.warnings).toEqual(["JWT_SECRET_KEY is 5 bytes; HS256 needs at least 32 random bytes (refused in production)"]);
    expect(loadConfig({ NODE_ENV: "production", JWT_SECRET_KEY: SECRET, AUTH_REGISTRATION: "closed" }).production).toBe(true);
  });

  test("production refuses open registration nobody asked for, and tokens in URLs", () => {
    const base = { NODE_ENV: "production", JWT_SECRET_KEY: SECRET };
    expect(refusal(base)).toBe("AUTH_REGISTRATION: must be set to open or closed in production, so that open registration is a decision");
    expect(loadConfig({ ...base, AUTH_REGISTRATION: "open" }).registration).toBe("open");
    expect(refusal({ ...base, AUTH_REGISTRATION: "closed", JWT_TOKEN_LOCATION: "headers,query_string" })).toBe(
      "JWT_TOKEN_LOCATION: query_string puts tokens in URLs, where logs and proxies keep them; refused in production",
    );
    expect(loadConfig({ JWT_TOKEN_LOCATION: "query_string" }).jwt.tokenLocations).toEqual(["query_string"]);
  });

  test("the message of a refusal never contains the secret", () => {
    expect(refusal({ NODE_ENV: "production", JWT_SECRET_KEY: "hunter2" })).not.toContain("hunter2");
  });

  test("token locations are read as a list, duplicates dropped", () => {
    expect(loadConfig({ JWT_TOKEN_LOCATION: "json, headers,json" }).jwt.tokenLocations).toEqual(["json", "headers"]);
  });
});
