// S-32 One-time secrets, as the second factor has them: random, stored only hashed (the TOTP
// secret encrypted), single-use, short-lived, rate-limited, and a TOTP code accepted once.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeWith } from "@jot/testing";
import { secretBox } from "../src/mfa/secret-box.ts";
import { enableTotp, oathtoolCode, oathtoolService, passwordLogin, STEP_SECONDS, verifyMfa } from "../test/mfa-helpers.ts";
import { createTestApp, registerAndLogin, TEST_MFA_KEY, type TestApp } from "../test/test-app.ts";

let t: TestApp;
beforeAll(async () => void (t = await createTestApp({ LOGIN_MAX_FAILURES: "3" })));
afterAll(() => t.close());

/** Every value of every row of the second factor's tables, as text. */
async function storedText(): Promise<string> {
  const { sql } = t.stores.database;
  const rows = [
    ...(await sql`select * from mfa_totp`),
    ...(await sql`select * from mfa_recovery_codes`),
    ...(await sql`select * from mfa_challenges`),
  ];
  return JSON.stringify(rows);
}

describeWith(oathtoolService, "S-32 One-time secrets (the second factor)", () => {
  test("S-32: the TOTP secret is stored encrypted (AES-256-GCM, bound to its user): the row holds neither the secret nor its bytes, and opens only with the key", async () => {
    const user = await registerAndLogin(t);
    const { secret } = await enableTotp(t, user.access);
    const [row] = await t.stores.database.sql`select secret_sealed from mfa_totp where user_id = ${user.id}`;
    const sealed = row.secret_sealed as string;
    const text = await storedText();
    expect(text).not.toContain(secret);
    expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    const key = () => new TextEncoder().encode(TEST_MFA_KEY);
    expect(await secretBox(key).open(sealed, user.id)).toBe(secret);
    expect(secretBox(() => new TextEncoder().encode("another-key-of-at-least-32-bytes!!")).open(sealed, user.id)).rejects.toThrow();
    // Copied onto another user's row, it does not open.
    expect(secretBox(key).open(sealed, "someone-else")).rejects.toThrow();
  });

  test("S-32: recovery codes and mfa_tokens are random and stored only as hashes", async () => {
    const user = await registerAndLogin(t);
    const { recoveryCodes } = await enableTotp(t, user.access);
    const login = await passwordLogin(t, user.username, user.password);
    const mfaToken = login.body.mfa_token as string;
    const other = await passwordLogin(t, user.username, user.password);
    expect(other.body.mfa_token).not.toBe(mfaToken);
    const text = await storedText();
    for (const code of recoveryCodes) {
      expect(text).not.toContain(code);
      expect(text).not.toContain(code.replaceAll("-", ""));
    }
    expect(text).not.toContain(mfaToken);
    const hashes = await t.stores.database.sql`select code_hash from mfa_recovery_codes where user_id = ${user.id}`;
    expect(hashes.map((row: { code_hash: string }) => row.code_hash)).toEqual(expect.arrayContaining([expect.stringMatching(/^[0-9a-f]{64}$/)]));
    expect(hashes).toHaveLength(10);
  });

  test("S-32: single-use: an mfa_token ends one login, a recovery code one login, a TOTP code is accepted once inside its window", async () => {
    const user = await registerAndLogin(t);
    const { secret, recoveryCodes } = await enableTotp(t, user.access);
    const token = (await passwordLogin(t, user.username, user.password)).body.mfa_token;
    const code = oathtoolCode(secret, t.clock());
    // Two requests racing with the same token and code: exactly one logs in.
    const raced = await Promise.all([verifyMfa(t, { mfa_token: token, code }), verifyMfa(t, { mfa_token: token, code })]);
    expect(raced.map((response) => response.status).sort()).toEqual([200, 401]);
    // The same code, within its 30 s (and the ±1 step window), with a new login: refused.
    const next = (await passwordLogin(t, user.username, user.password)).body.mfa_token;
    expect((await verifyMfa(t, { mfa_token: next, code })).status).toBe(401);
    expect((await verifyMfa(t, { mfa_token: next, recovery_code: recoveryCodes[0] })).status).toBe(200);
    const third = (await passwordLogin(t, user.username, user.password)).body.mfa_token;
    expect((await verifyMfa(t, { mfa_token: third, recovery_code: recoveryCodes[0] })).status).toBe(401);
  });

  test("S-32: short-lived: an mfa_token is refused once its 5 minutes are over", async () => {
    const user = await registerAndLogin(t);
    const { secret } = await enableTotp(t, user.access);
    const login = await passwordLogin(t, user.username, user.password);
    expect(login.body.expires_in).toBe(300);
    t.clock.advance(299);
    const beforeEnd = login.body.mfa_token;
    const stillGood = await verifyMfa(t, { mfa_token: beforeEnd, code: oathtoolCode(secret, t.clock()) });
    expect(stillGood.status).toBe(200);
    const late = (await passwordLogin(t, user.username, user.password)).body.mfa_token;
    t.clock.advance(300 + STEP_SECONDS);
    expect((await verifyMfa(t, { mfa_token: late, code: oathtoolCode(secret, t.clock()) })).status).toBe(401);
  });

  test("S-32: rate-limited: wrong codes and wrong recovery codes count together per account; past the limit a right code is 429", async () => {
    const user = await registerAndLogin(t);
    const { secret, recoveryCodes } = await enableTotp(t, user.access);
    const token = (await passwordLogin(t, user.username, user.password)).body.mfa_token;
    const wrong = oathtoolCode(secret, t.clock()) === "000000" ? "111111" : "000000";
    expect((await verifyMfa(t, { mfa_token: token, code: wrong })).status).toBe(401);
    expect((await verifyMfa(t, { mfa_token: token, recovery_code: "aaaa-bbbb-cccc-dddd" })).status).toBe(401);
    expect((await verifyMfa(t, { mfa_token: token, code: wrong })).status).toBe(401);
    expect((await verifyMfa(t, { mfa_token: token, recovery_code: recoveryCodes[0] })).status).toBe(429);
    expect((await verifyMfa(t, { mfa_token: token, code: oathtoolCode(secret, t.clock()) })).status).toBe(429);
  });
});

describe("S-32: the TOTP secrets' key", () => {
  test("production refuses to start without MFA_ENCRYPTION_KEY, and a short one, with one line naming the variable", async () => {
    const { loadConfig } = await import("../src/config/load-config.ts");
    const { mfaKeyMaterial } = await import("../src/config/settle-mfa-key.ts");
    const production = { NODE_ENV: "production", AUTH_REGISTRATION: "open", JWT_SECRET_KEY: "a-production-secret-of-32-bytes!!" };
    expect(() => mfaKeyMaterial(loadConfig(production))).toThrow(
      "MFA_ENCRYPTION_KEY: is required in production (at least 32 random bytes): TOTP secrets are stored encrypted with it",
    );
    expect(() => loadConfig({ ...production, MFA_ENCRYPTION_KEY: "too-short" })).toThrow("MFA_ENCRYPTION_KEY: is 9 bytes; at least 32 random bytes are needed");
    expect(mfaKeyMaterial(loadConfig({ ...production, MFA_ENCRYPTION_KEY: TEST_MFA_KEY }))()).toEqual(new TextEncoder().encode(TEST_MFA_KEY));
  });

  test("development without MFA_ENCRYPTION_KEY generates one in the data folder when first needed, mode 0600, kept across restarts", async () => {
    const { loadConfig } = await import("../src/config/load-config.ts");
    const { mfaKeyMaterial } = await import("../src/config/settle-mfa-key.ts");
    const dir = mkdtempSync(join(tmpdir(), "jot-mfa-key-"));
    try {
      const config = loadConfig({ JWT_SECRET_KEY: "a-development-secret-of-32-bytes!", DATABASE_URL: `sqlite://${dir}/jot.sqlite` });
      const material = mfaKeyMaterial(config);
      expect(existsSync(join(dir, "mfa-encryption.key"))).toBe(false);
      const key = material();
      expect(key.length).toBe(64);
      expect(statSync(join(dir, "mfa-encryption.key")).mode & 0o777).toBe(0o600);
      expect(mfaKeyMaterial(config)()).toEqual(key);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
