import { describe, expect, test } from "bun:test";
import { refusal } from "../../test/config-refusal.ts";
import { deliveryFor } from "../delivery/delivery-for.ts";
import { stderrDelivery } from "../delivery/stderr-delivery.ts";
import { loadConfig } from "./load-config.ts";

/** What production needs besides the reset settings, passkeys' included: the only warnings left are the reset settings' own. */
const PRODUCTION = {
  NODE_ENV: "production",
  JWT_SECRET_KEY: "a-production-secret-of-32-bytes!",
  AUTH_REGISTRATION: "open",
  WEBAUTHN_RP_ID: "example.com",
  WEBAUTHN_ORIGINS: "https://example.com",
};
const SECRET = "a-webhook-secret-of-at-least-32-chars";

describe("PASSWORD_RESET_EXPIRES, PASSWORD_RESET_WEBHOOK(_SECRET), SMTP_URL and MAIL_FROM", () => {
  test("default: tokens live 15 minutes; development with no channel writes them to stderr", () => {
    expect(loadConfig({}).passwordReset).toEqual({ ttlSeconds: 900, webhook: undefined, smtp: undefined, stderr: true });
    expect(loadConfig({ PASSWORD_RESET_EXPIRES: "1h" }).passwordReset.ttlSeconds).toBe(3600);
  });

  test("both channels may be set; stderr only when neither is", () => {
    const both = loadConfig({ PASSWORD_RESET_WEBHOOK: "https://hooks.example/jot", PASSWORD_RESET_WEBHOOK_SECRET: SECRET, SMTP_URL: "smtp://mail.example:587", MAIL_FROM: "jot@example.com" });
    expect(both.passwordReset).toEqual({
      ttlSeconds: 900,
      webhook: { url: "https://hooks.example/jot", secret: SECRET },
      smtp: { url: "smtp://mail.example:587", from: "jot@example.com" },
      stderr: false,
    });
  });

  test("production refuses an unsigned or plain-http webhook, and warns at start when nothing can deliver", () => {
    expect(refusal({ ...PRODUCTION, PASSWORD_RESET_WEBHOOK: "https://hooks.example/jot" })).toBe(
      "PASSWORD_RESET_WEBHOOK_SECRET: is required in production with PASSWORD_RESET_WEBHOOK, so its receiver can tell jot's calls from forgeries",
    );
    expect(refusal({ ...PRODUCTION, PASSWORD_RESET_WEBHOOK: "http://hooks.example/jot", PASSWORD_RESET_WEBHOOK_SECRET: SECRET })).toBe(
      "PASSWORD_RESET_WEBHOOK: must be https:// in production: it carries reset tokens",
    );
    const silent = loadConfig(PRODUCTION);
    expect(silent.passwordReset.stderr).toBe(false);
    expect(deliveryFor(silent, Date.now)).toBeUndefined();
    expect(silent.warnings).toContain("password resets cannot be delivered: neither PASSWORD_RESET_WEBHOOK nor SMTP_URL is set (forgot still answers 202)");
    expect(loadConfig({ ...PRODUCTION, SMTP_URL: "smtps://mail.example", MAIL_FROM: "jot@example.com" }).warnings).toEqual([]);
  });

  test("development warns of an unsigned webhook", () => {
    expect(loadConfig({ PASSWORD_RESET_WEBHOOK: "http://localhost:9000/hook" }).warnings).toContain(
      "PASSWORD_RESET_WEBHOOK calls are unsigned: PASSWORD_RESET_WEBHOOK_SECRET is not set (refused in production)",
    );
  });

  test("bad values are refused with one line naming the variable", () => {
    expect([
      refusal({ PASSWORD_RESET_EXPIRES: "soon" }),
      refusal({ PASSWORD_RESET_WEBHOOK: "ftp://example.com" }),
      refusal({ PASSWORD_RESET_WEBHOOK: "https://hooks.example/jot", PASSWORD_RESET_WEBHOOK_SECRET: "short" }),
      refusal({ PASSWORD_RESET_WEBHOOK_SECRET: SECRET }),
      refusal({ SMTP_URL: "mail.example:25", MAIL_FROM: "jot@example.com" }),
      refusal({ SMTP_URL: "smtp://mail.example" }),
      refusal({ MAIL_FROM: "jot@example.com" }),
    ]).toEqual([
      expect.stringMatching(/^PASSWORD_RESET_EXPIRES: /),
      "PASSWORD_RESET_WEBHOOK: expected an http:// or https:// URL",
      "PASSWORD_RESET_WEBHOOK_SECRET: must be at least 32 characters",
      "PASSWORD_RESET_WEBHOOK_SECRET: is set, but PASSWORD_RESET_WEBHOOK is not",
      "SMTP_URL: expected smtp://host:port or smtps://…",
      "MAIL_FROM: is required with SMTP_URL: the address reset mails come from",
      "MAIL_FROM: is set, but SMTP_URL is not",
    ]);
  });
});

describe("development's stderr delivery", () => {
  test("writes one line with the kind, the user and the token", () => {
    const lines: string[] = [];
    stderrDelivery((line) => lines.push(line))({ kind: "password_reset", user: { id: "u1", username: "nate", email: null }, token: "T".repeat(43), expiresAt: new Date(Date.UTC(2026, 0, 1)) });
    expect(lines).toEqual([`jot: development: password_reset token for nate: ${"T".repeat(43)} (until 2026-01-01T00:00:00.000Z)`]);
  });
});
