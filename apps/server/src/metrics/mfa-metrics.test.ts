import { afterAll, beforeAll, expect, test } from "bun:test";
import { describeWith } from "@jot/testing";
import { enableTotp, oathtoolCode, oathtoolService, passwordLogin, STEP_SECONDS, verifyMfa } from "../../test/mfa-helpers.ts";
import { createTestApp, registerAndLogin, type TestApp } from "../../test/test-app.ts";

let t: TestApp;
beforeAll(async () => void (t = await createTestApp({ METRICS: "on", LOGIN_MAX_FAILURES: "2" })));
afterAll(() => t.close());

/** `jot_mfa_verifications_total` by outcome, from a scrape. */
async function verifications(): Promise<Record<string, number>> {
  const text = await (await t.request("/metrics")).text();
  return Object.fromEntries([...text.matchAll(/^jot_mfa_verifications_total\{outcome="([a-z_]+)"\} (\d+)$/gm)].map(([, outcome, count]) => [outcome!, Number(count)]));
}

describeWith(oathtoolService, "jot_mfa_verifications_total", () => {
  test("counts second-factor checks by outcome: ok, invalid_code, throttled; from zero at the first scrape", async () => {
    expect(await verifications()).toEqual({ ok: 0, invalid_code: 0, throttled: 0 });
    const user = await registerAndLogin(t);
    const { secret } = await enableTotp(t, user.access); // the confirming code: ok
    const token = (await passwordLogin(t, user.username, user.password)).body.mfa_token;
    expect((await verifyMfa(t, { mfa_token: token, code: oathtoolCode(secret, t.clock()) })).status).toBe(200);
    const again = (await passwordLogin(t, user.username, user.password)).body.mfa_token;
    t.clock.advance(STEP_SECONDS);
    const wrong = oathtoolCode(secret, t.clock()) === "000000" ? "111111" : "000000";
    expect((await verifyMfa(t, { mfa_token: again, code: wrong })).status).toBe(401);
    expect((await verifyMfa(t, { mfa_token: again, code: wrong })).status).toBe(401);
    expect((await verifyMfa(t, { mfa_token: again, code: oathtoolCode(secret, t.clock()) })).status).toBe(429);
    expect(await verifications()).toEqual({ ok: 2, invalid_code: 2, throttled: 1 });
  });
});
