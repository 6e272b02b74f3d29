import { describe, expect, test } from "bun:test";
import { refusal } from "../../test/config-refusal.ts";
import { loadConfig } from "./load-config.ts";

const PRODUCTION = { NODE_ENV: "production", JWT_SECRET_KEY: "a-production-secret-of-32-bytes!", AUTH_REGISTRATION: "closed" };

describe("S-34: the passkeys' relying party comes from configuration", () => {
  test("development defaults to localhost and the server's own origin; the name to jot", () => {
    expect(loadConfig({ PORT: "4100" }).webauthn).toEqual({ id: "localhost", name: "jot", origins: ["http://localhost:4100"] });
  });

  test("unset, the RP ID is the first CORS origin's domain and the origins are the CORS origins on it", () => {
    const config = loadConfig({ CORS_ORIGINS: "http://127.0.0.1:5173,http://localhost:5174,https://app.example.com" });
    expect(config.webauthn).toEqual({ id: "localhost", name: "jot", origins: ["http://localhost:5174"] });
    expect(loadConfig({ ...PRODUCTION, CORS_ORIGINS: "https://app.example.com,https://admin.app.example.com" }).webauthn).toEqual({
      id: "app.example.com",
      name: "jot",
      origins: ["https://app.example.com", "https://admin.app.example.com"],
    });
  });

  test("given values are used as given", () => {
    const env = { ...PRODUCTION, WEBAUTHN_RP_ID: "example.com", WEBAUTHN_RP_NAME: "Example", WEBAUTHN_ORIGINS: "https://example.com,https://login.example.com" };
    expect(loadConfig(env).webauthn).toEqual({ id: "example.com", name: "Example", origins: ["https://example.com", "https://login.example.com"] });
  });

  test("production refuses an origin that is not HTTPS, an RP ID with no origin, and anything off the RP ID's domain", () => {
    expect(refusal({ ...PRODUCTION, WEBAUTHN_ORIGINS: "http://example.com" })).toBe('WEBAUTHN_ORIGINS: passkeys need HTTPS origins in production, got "http://example.com"');
    expect(refusal({ ...PRODUCTION, WEBAUTHN_RP_ID: "example.com" })).toBe("WEBAUTHN_ORIGINS: must name the HTTPS origins passkeys are used from, on example.com");
    expect(refusal({ ...PRODUCTION, WEBAUTHN_RP_ID: "example.com", WEBAUTHN_ORIGINS: "https://example.org" })).toBe('WEBAUTHN_ORIGINS: "https://example.org" is not on the passkeys\' domain (WEBAUTHN_RP_ID example.com)');
    expect(refusal({ WEBAUTHN_RP_ID: "127.0.0.1" })).toBe('WEBAUTHN_RP_ID: "127.0.0.1" is not a domain name such as example.com (an IP address cannot be one)');
  });

  test("production with nothing to derive them from serves no passkeys, and says so at start", () => {
    const config = loadConfig({ ...PRODUCTION, CORS_ORIGINS: "http://app.example.com" });
    expect(config.webauthn).toBeUndefined();
    expect(config.warnings).toContain("passkeys are off: set WEBAUTHN_RP_ID and WEBAUTHN_ORIGINS (or CORS_ORIGINS) to the HTTPS site they belong to");
  });
});
