import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { jot, PASSKEY_AMR } from "@jot/elysia";
import { configuredTokenOptions } from "../../../config/token-options.ts";
import { enableTotp, oathtoolCode, passwordLogin, verifyMfa } from "../../../../test/mfa-helpers.ts";
import { addSoftwarePasskey, passkeyLogin } from "../../../../test/software-passkey.ts";
import { createTestApp, outcome, registerAndLogin, TEST_SECRET, type TestApp } from "../../../../test/test-app.ts";

// How a passkey login meets the second factor: its amr satisfies a two-factor step-up, it asks no
// code of an account with TOTP on, and it is how a signed-in user gets a fresh token again.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ WEBAUTHN_RP_ID: "localhost", WEBAUTHN_ORIGINS: "http://localhost:4000" });
});
afterAll(() => t.close());

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;

/** An app of its own trusting jot's tokens, with a route that asks for two factors (step-up). */
function resourceApp() {
  const app = new Elysia()
    .use(jot({ secret: TEST_SECRET, clock: t.clock, ...configuredTokenOptions(t.config) }))
    .get("/payouts", () => ({ paid: true }), { auth: { amr: ["mfa"] } });
  return (token: string) => app.handle(new Request("http://localhost/payouts", { headers: { authorization: `Bearer ${token}` } })).then(outcome);
}

describe("a passkey login and the second factor", () => {
  test("a passkey session passes a route asking for two factors ({amr: ['mfa']}); a password-only session does not; password and code do", async () => {
    const payouts = resourceApp();
    const ada = await registerAndLogin(t);
    const passkey = await addSoftwarePasskey(t, ada.access);

    expect(await payouts(ada.access)).toMatchObject({
      status: 401,
      body: { error: "insufficient_user_authentication", msg: "Sign in with mfa to use this route" },
    });
    const login = await passkeyLogin(t, passkey, ada);
    expect(login.status).toBe(200);
    const { access_token } = (await login.json()) as { access_token: string };
    expect(claimsOf(access_token)).toMatchObject({ sub: ada.id, fresh: true, amr: [...PASSKEY_AMR] });
    expect(await payouts(access_token)).toEqual({ status: 200, body: { paid: true }, challenge: null });

    const { secret } = await enableTotp(t, ada.access);
    const challenge = await passwordLogin(t, ada.username, ada.password);
    const verified = await verifyMfa(t, { mfa_token: challenge.body.mfa_token, code: oathtoolCode(secret, t.clock()) });
    const withCode = (await verified.json()) as { access_token: string };
    expect(claimsOf(withCode.access_token).amr).toEqual(["pwd", "otp", "mfa"]);
    expect((await payouts(withCode.access_token)).status).toBe(200);
  });

  test("a user with TOTP on who logs in with a passkey gets the login body at once, asked for no code", async () => {
    const bea = await registerAndLogin(t);
    const passkey = await addSoftwarePasskey(t, bea.access);
    await enableTotp(t, bea.access);
    // The password alone now waits for a code…
    expect((await passwordLogin(t, bea.username, bea.password)).body).toMatchObject({ mfa_required: true });

    // …a passkey does not.
    const logsBefore = t.logs.length;
    const login = await outcome(await passkeyLogin(t, passkey, bea));
    expect(login.status).toBe(200);
    expect(login.body).not.toHaveProperty("mfa_required");
    expect(login.body).toMatchObject({ token_type: "Bearer", access_token: expect.any(String), refresh_token: expect.any(String) });
    const events = t.logs.slice(logsBefore).map((line) => JSON.parse(line) as { event: string; passkey_id?: string });
    expect(events.map(({ event }) => event)).toEqual(["passkey_login_ok"]);
    expect(events[0]!.passkey_id).toBe(passkey.id);
  });

  test("a signed-in user whose token is no longer fresh gets a fresh one by logging in with a passkey again (a new session)", async () => {
    const cy = await registerAndLogin(t);
    const passkey = await addSoftwarePasskey(t, cy.access);
    const refreshed = (await (await t.request("/auth/refresh", { method: "POST", token: cy.refresh })).json()) as { access_token: string };
    const addAnother = (token: string) => t.request("/auth/passkeys/register/options", { method: "POST", token }).then(outcome);
    expect(await addAnother(refreshed.access_token)).toMatchObject({ status: 401, body: { error: "fresh_token_required" } });

    const again = (await (await passkeyLogin(t, passkey, cy)).json()) as { access_token: string; refresh_token: string };
    expect(claimsOf(again.access_token)).toMatchObject({ sub: cy.id, fresh: true });
    expect((await addAnother(again.access_token)).status).toBe(200);
    // A session of its own: the one refreshed before goes on.
    expect(claimsOf(again.refresh_token).sid).not.toBe(claimsOf(cy.refresh).sid);
    expect((await t.request("/auth/me", { token: refreshed.access_token })).status).toBe(200);
  });

  test("a recovery-code login leaves the user's passkeys alone", async () => {
    const dee = await registerAndLogin(t);
    const passkey = await addSoftwarePasskey(t, dee.access);
    const { recoveryCodes } = await enableTotp(t, dee.access);
    const challenge = await passwordLogin(t, dee.username, dee.password);
    expect((await verifyMfa(t, { mfa_token: challenge.body.mfa_token, recovery_code: recoveryCodes[0] })).status).toBe(200);

    expect((await t.stores.passkeys.listOf(dee.id)).map(({ id }) => id)).toEqual([passkey.id]);
    expect((await passkeyLogin(t, passkey, dee)).status).toBe(200);
  });
});
