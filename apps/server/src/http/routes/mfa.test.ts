import { afterAll, beforeAll, expect, test } from "bun:test";
import { claimsOf, describeWith } from "@jot/testing";
import { enableTotp, oathtoolCode, oathtoolService, passwordLogin, STEP_SECONDS, verifyMfa } from "../../../test/mfa-helpers.ts";
import { createTestApp, outcome, registerAndLogin, type TestApp } from "../../../test/test-app.ts";

let t: TestApp;
beforeAll(async () => void (t = await createTestApp({ LOGIN_MAX_FAILURES: "5" })));
afterAll(() => t.close());

const INVALID_CODE = { status: 401, body: { error: "invalid_code", msg: "Invalid or expired code" }, challenge: null };
const INVALID_MFA_TOKEN = { status: 401, body: { error: "invalid_code", msg: "The mfa_token is unknown, used or expired; log in again" }, challenge: null };

/** A user with the second factor on, and what the tests need of it. */
async function mfaUser() {
  const user = await registerAndLogin(t);
  const totp = await enableTotp(t, user.access);
  return { ...user, ...totp };
}

/** A password login that must answer `mfa_required`: its `mfa_token`. */
async function mfaToken(user: { username: string; password: string }): Promise<string> {
  const { status, body } = await passwordLogin(t, user.username, user.password);
  expect(status).toBe(200);
  return body.mfa_token as string;
}

describeWith(oathtoolService, "the TOTP second factor, against oathtool's codes", () => {
  test("enrol → confirm → login answers mfa_required and no token → verify with oathtool's code answers the login body, its tokens carrying amr [pwd, otp, mfa]", async () => {
    const user = await registerAndLogin(t);
    const enrolled = await t.request("/auth/mfa/totp", { method: "POST", token: user.access });
    const { secret, otpauth_url } = (await enrolled.json()) as { secret: string; otpauth_url: string };
    expect(enrolled.status).toBe(200);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauth_url).toBe(`otpauth://totp/jot:${user.username}?issuer=jot&secret=${secret}&algorithm=SHA1&digits=6&period=30`);
    // Not on until confirmed: the password alone still logs in.
    expect((await passwordLogin(t, user.username, user.password)).body).toHaveProperty("access_token");

    const confirmed = await t.request("/auth/mfa/totp/confirm", { method: "POST", token: user.access, json: { code: oathtoolCode(secret, t.clock()) } });
    const { recovery_codes } = (await confirmed.json()) as { recovery_codes: string[] };
    expect(confirmed.status).toBe(200);
    expect(recovery_codes).toHaveLength(10);
    expect(new Set(recovery_codes).size).toBe(10);
    for (const code of recovery_codes) expect(code).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);

    const login = await passwordLogin(t, user.username, user.password);
    expect(login).toEqual({ status: 200, body: { mfa_required: true, mfa_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expires_in: 300 } });
    t.clock.advance(STEP_SECONDS);
    const verified = await verifyMfa(t, { mfa_token: login.body.mfa_token, code: oathtoolCode(secret, t.clock()) });
    const pair = (await verified.json()) as { access_token: string; refresh_token: string; token_type: string; expires_in: number };
    expect(verified.status).toBe(200);
    expect(pair).toEqual({ access_token: expect.any(String), refresh_token: expect.any(String), token_type: "Bearer", expires_in: 900 });
    expect(claimsOf(pair.access_token)).toMatchObject({ sub: user.id, username: user.username, type: "access", fresh: true, amr: ["pwd", "otp", "mfa"] });
    expect((await t.request("/auth/me", { token: pair.access_token })).status).toBe(200);
    expect(t.logs.some((line) => line.includes(`"event":"login_ok"`) && line.includes(user.id))).toBe(true);
  });

  test("a refresh keeps amr in the session's access tokens, which are never fresh", async () => {
    const user = await mfaUser();
    const token = await mfaToken(user);
    const pair = (await (await verifyMfa(t, { mfa_token: token, code: oathtoolCode(user.secret, t.clock()) })).json()) as { refresh_token: string };
    const refreshed = (await (await t.request("/auth/refresh", { method: "POST", token: pair.refresh_token })).json()) as { access_token: string };
    expect(claimsOf(refreshed.access_token)).toMatchObject({ type: "access", fresh: false, amr: ["pwd", "otp", "mfa"] });
  });

  test("a code is accepted once: the same code, or one of an earlier step, is refused invalid_code at the next login", async () => {
    const user = await mfaUser();
    const code = oathtoolCode(user.secret, t.clock());
    expect((await verifyMfa(t, { mfa_token: await mfaToken(user), code })).status).toBe(200);
    const again = await mfaToken(user);
    expect(await outcome(await verifyMfa(t, { mfa_token: again, code }))).toEqual(INVALID_CODE);
    expect(await outcome(await verifyMfa(t, { mfa_token: again, code: oathtoolCode(user.secret, t.clock() - STEP_SECONDS * 1000) }))).toEqual(INVALID_CODE);
    // The same login goes on with the next step's code: a refused code does not use the token up.
    t.clock.advance(STEP_SECONDS);
    expect((await verifyMfa(t, { mfa_token: again, code: oathtoolCode(user.secret, t.clock()) })).status).toBe(200);
  });

  test("a code of the step before or after is accepted (a phone's clock a little off); two steps away it is not", async () => {
    const user = await mfaUser();
    t.clock.advance(5 * STEP_SECONDS);
    const token = await mfaToken(user);
    expect(await outcome(await verifyMfa(t, { mfa_token: token, code: oathtoolCode(user.secret, t.clock() - 2 * STEP_SECONDS * 1000) }))).toEqual(INVALID_CODE);
    expect(await outcome(await verifyMfa(t, { mfa_token: token, code: oathtoolCode(user.secret, t.clock() + 2 * STEP_SECONDS * 1000) }))).toEqual(INVALID_CODE);
    expect((await verifyMfa(t, { mfa_token: token, code: oathtoolCode(user.secret, t.clock() - STEP_SECONDS * 1000) })).status).toBe(200);
    expect((await verifyMfa(t, { mfa_token: await mfaToken(user), code: oathtoolCode(user.secret, t.clock() + STEP_SECONDS * 1000) })).status).toBe(200);
  });

  test("a recovery code logs in once, typed in any case with or without dashes; its tokens carry amr [pwd, otp, mfa] too", async () => {
    const user = await mfaUser();
    const [first] = user.recoveryCodes;
    const typed = first!.toUpperCase().replaceAll("-", " ");
    const verified = await verifyMfa(t, { mfa_token: await mfaToken(user), recovery_code: typed });
    expect(verified.status).toBe(200);
    expect(claimsOf(((await verified.json()) as { access_token: string }).access_token)).toMatchObject({ fresh: true, amr: ["pwd", "otp", "mfa"] });
    expect(await outcome(await verifyMfa(t, { mfa_token: await mfaToken(user), recovery_code: first }))).toEqual(INVALID_CODE);
    expect(t.logs.some((line) => line.includes(`"event":"mfa_verified"`) && line.includes(`"method":"recovery_code"`))).toBe(true);
  });

  test("a lost phone: a recovery code logs in, another turns the factor off, the password alone logs in, and a new phone is enrolled", async () => {
    const user = await mfaUser();
    const verified = await verifyMfa(t, { mfa_token: await mfaToken(user), recovery_code: user.recoveryCodes[0] });
    const { access_token: fresh } = (await verified.json()) as { access_token: string };
    const off = await t.request("/auth/mfa/totp", { method: "DELETE", token: fresh, json: { recovery_code: user.recoveryCodes[1] } });
    expect(await outcome(off)).toEqual({ status: 200, body: { msg: "Second factor turned off" }, challenge: null });
    const login = await passwordLogin(t, user.username, user.password);
    expect(login.body).toHaveProperty("access_token");
    const again = await enableTotp(t, login.body.access_token as string);
    expect(again.secret).not.toBe(user.secret);
    // The old phone's codes and the old recovery codes are gone with it.
    const token = await mfaToken(user);
    expect(await outcome(await verifyMfa(t, { mfa_token: token, recovery_code: user.recoveryCodes[2] }))).toEqual(INVALID_CODE);
    expect(await outcome(await verifyMfa(t, { mfa_token: token, code: oathtoolCode(user.secret, t.clock()) }))).toEqual(INVALID_CODE);
    expect((await verifyMfa(t, { mfa_token: token, code: oathtoolCode(again.secret, t.clock()) })).status).toBe(200);
  });

  test("wrong codes are throttled per account: past LOGIN_MAX_FAILURES even the right code is 429 rate_limited, audited mfa_throttled", async () => {
    const user = await mfaUser();
    const token = await mfaToken(user);
    const wrong = oathtoolCode(user.secret, t.clock()) === "000000" ? "111111" : "000000";
    for (let attempt = 0; attempt < 5; attempt++) expect(await outcome(await verifyMfa(t, { mfa_token: token, code: wrong }))).toEqual(INVALID_CODE);
    const throttled = await verifyMfa(t, { mfa_token: token, code: oathtoolCode(user.secret, t.clock()) });
    expect(throttled.status).toBe(429);
    expect(((await throttled.json()) as { error: string }).error).toBe("rate_limited");
    expect(throttled.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(t.logs.some((line) => line.includes(`"event":"mfa_throttled"`) && line.includes(user.id))).toBe(true);
    // Another account is not held back by this one's failures.
    const other = await mfaUser();
    expect((await verifyMfa(t, { mfa_token: await mfaToken(other), code: oathtoolCode(other.secret, t.clock()) })).status).toBe(200);
  });

  test("the mfa_token is no access token: the guard refuses it, and it is good for one login only", async () => {
    const user = await mfaUser();
    const token = await mfaToken(user);
    const asBearer = await t.request("/auth/me", { token });
    expect(asBearer.status).toBe(401);
    expect(((await asBearer.json()) as { error: string }).error).toBe("invalid_token");
    expect((await verifyMfa(t, { mfa_token: token, code: oathtoolCode(user.secret, t.clock()) })).status).toBe(200);
    t.clock.advance(STEP_SECONDS);
    expect(await outcome(await verifyMfa(t, { mfa_token: token, code: oathtoolCode(user.secret, t.clock()) }))).toEqual(INVALID_MFA_TOKEN);
  });

  test("an mfa_token expires after 5 minutes: invalid_code, even with the right code", async () => {
    const user = await mfaUser();
    const token = await mfaToken(user);
    t.clock.advance(300);
    expect(await outcome(await verifyMfa(t, { mfa_token: token, code: oathtoolCode(user.secret, t.clock()) }))).toEqual(INVALID_MFA_TOKEN);
    expect(await outcome(await verifyMfa(t, { mfa_token: "not-a-token-this-server-gave", code: "123456" }))).toEqual(INVALID_MFA_TOKEN);
  });

  test("turning the factor off needs a fresh token and a right code", async () => {
    const user = await mfaUser();
    const pair = (await (await verifyMfa(t, { mfa_token: await mfaToken(user), code: oathtoolCode(user.secret, t.clock()) })).json()) as { access_token: string; refresh_token: string };
    t.clock.advance(STEP_SECONDS);
    const refreshed = (await (await t.request("/auth/refresh", { method: "POST", token: pair.refresh_token })).json()) as { access_token: string };
    const notFresh = await t.request("/auth/mfa/totp", { method: "DELETE", token: refreshed.access_token, json: { code: oathtoolCode(user.secret, t.clock()) } });
    expect(notFresh.status).toBe(401);
    expect(((await notFresh.json()) as { error: string }).error).toBe("fresh_token_required");
    const noCode = await t.request("/auth/mfa/totp", { method: "DELETE", token: pair.access_token, json: {} });
    expect(await outcome(noCode)).toEqual({ status: 400, body: { error: "missing_parameter", msg: "Missing code parameter" }, challenge: null });
    const both = await t.request("/auth/mfa/totp", { method: "DELETE", token: pair.access_token, json: { code: "123456", recovery_code: user.recoveryCodes[0] } });
    expect(((await both.json()) as { error: string }).error).toBe("invalid_request");
    const wrong = oathtoolCode(user.secret, t.clock()) === "000000" ? "111111" : "000000";
    expect(await outcome(await t.request("/auth/mfa/totp", { method: "DELETE", token: pair.access_token, json: { code: wrong } }))).toEqual(INVALID_CODE);
    expect((await passwordLogin(t, user.username, user.password)).body.mfa_required).toBe(true);
    const off = await t.request("/auth/mfa/totp", { method: "DELETE", token: pair.access_token, json: { code: oathtoolCode(user.secret, t.clock()) } });
    expect(off.status).toBe(200);
    expect((await passwordLogin(t, user.username, user.password)).body).toHaveProperty("access_token");
    expect(t.logs.some((line) => line.includes(`"event":"mfa_disabled"`) && line.includes(user.id))).toBe(true);
  });

  test("with the factor on, a fresh token comes only from verify: the password change takes it, and refuses a refreshed one", async () => {
    const user = await mfaUser();
    const login = await passwordLogin(t, user.username, user.password);
    expect(login.body).not.toHaveProperty("access_token");
    expect(login.body).not.toHaveProperty("refresh_token");
    const pair = (await (await verifyMfa(t, { mfa_token: login.body.mfa_token, code: oathtoolCode(user.secret, t.clock()) })).json()) as { access_token: string; refresh_token: string };
    const refreshed = (await (await t.request("/auth/refresh", { method: "POST", token: pair.refresh_token })).json()) as { access_token: string };
    const change = { current_password: user.password, new_password: "a brand new passphrase" };
    const withRefreshed = await t.request("/auth/password", { method: "PUT", token: refreshed.access_token, json: change });
    expect(((await withRefreshed.json()) as { error: string }).error).toBe("fresh_token_required");
    expect((await t.request("/auth/password", { method: "PUT", token: pair.access_token, json: change })).status).toBe(200);
  });

  test("a password change while a login waits for its code ends the session that login then starts (it began before the change, as a login's does)", async () => {
    const user = await mfaUser();
    const waiting = await mfaToken(user);
    const other = (await (await verifyMfa(t, { mfa_token: await mfaToken(user), code: oathtoolCode(user.secret, t.clock()) })).json()) as { access_token: string };
    t.clock.advance(1);
    const change = { current_password: user.password, new_password: "a brand new passphrase" };
    expect((await t.request("/auth/password", { method: "PUT", token: other.access_token, json: change })).status).toBe(200);
    t.clock.advance(STEP_SECONDS);
    const late = (await (await verifyMfa(t, { mfa_token: waiting, code: oathtoolCode(user.secret, t.clock()) })).json()) as { access_token: string };
    const refused = await t.request("/auth/me", { token: late.access_token });
    expect(((await refused.json()) as { error: string }).error).toBe("token_revoked");
  });

  test("a password reset while a login waits for its code ends the session that login then starts, as a password change does", async () => {
    const user = await mfaUser();
    const waiting = await mfaToken(user);
    t.clock.advance(1);
    expect((await t.request("/auth/password/forgot", { method: "POST", json: { username: user.username } })).status).toBe(202);
    await t.settled();
    const delivered = t.deliveries.filter((delivery) => delivery.kind === "password_reset" && delivery.user.username === user.username);
    expect(delivered).toHaveLength(1);
    const reset = await t.request("/auth/password/reset", { method: "POST", json: { token: delivered[0]!.token, new_password: "a passphrase set by reset" } });
    expect(reset.status).toBe(200);
    t.clock.advance(STEP_SECONDS);
    const late = (await (await verifyMfa(t, { mfa_token: waiting, code: oathtoolCode(user.secret, t.clock()) })).json()) as { access_token: string };
    const refused = await t.request("/auth/me", { token: late.access_token });
    expect(((await refused.json()) as { error: string }).error).toBe("token_revoked");
    // The second factor stays on after a reset: the new password alone does not sign in.
    expect((await passwordLogin(t, user.username, "a passphrase set by reset")).body).toMatchObject({ mfa_required: true });
  });

  test("enrolling needs a fresh token, and is refused while a factor is on; a wrong first code leaves it off", async () => {
    const user = await registerAndLogin(t);
    const refreshed = (await (await t.request("/auth/refresh", { method: "POST", token: user.refresh })).json()) as { access_token: string };
    expect(((await (await t.request("/auth/mfa/totp", { method: "POST", token: refreshed.access_token })).json()) as { error: string }).error).toBe("fresh_token_required");
    const { secret } = (await (await t.request("/auth/mfa/totp", { method: "POST", token: user.access })).json()) as { secret: string };
    const wrong = oathtoolCode(secret, t.clock()) === "000000" ? "111111" : "000000";
    expect(await outcome(await t.request("/auth/mfa/totp/confirm", { method: "POST", token: user.access, json: { code: wrong } }))).toEqual(INVALID_CODE);
    expect((await passwordLogin(t, user.username, user.password)).body).toHaveProperty("access_token");
    const malformed = await t.request("/auth/mfa/totp/confirm", { method: "POST", token: user.access, json: { code: "12345x" } });
    expect(await outcome(malformed)).toEqual({ status: 400, body: { error: "invalid_request", msg: "code must be the 6 digits the authenticator app shows" }, challenge: null });
    expect((await t.request("/auth/mfa/totp/confirm", { method: "POST", token: user.access, json: { code: oathtoolCode(secret, t.clock()) } })).status).toBe(200);
    expect(await outcome(await t.request("/auth/mfa/totp", { method: "POST", token: user.access }))).toEqual({
      status: 400,
      body: { error: "invalid_request", msg: "The second factor is already on; turn it off first" },
      challenge: null,
    });
  });

  test("MFA_ISSUER names the issuer in the otpauth URL", async () => {
    const named = await createTestApp({ MFA_ISSUER: "Acme Corp" });
    try {
      const user = await registerAndLogin(named);
      const { otpauth_url } = (await (await named.request("/auth/mfa/totp", { method: "POST", token: user.access })).json()) as { otpauth_url: string };
      expect(otpauth_url).toStartWith(`otpauth://totp/Acme%20Corp:${user.username}?issuer=Acme%20Corp&secret=`);
    } finally {
      await named.close();
    }
  });
});
