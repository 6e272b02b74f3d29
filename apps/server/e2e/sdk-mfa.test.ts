import { afterAll, beforeAll, expect, test } from "bun:test";
import { createAuthClient, isAuthError, type AuthChangeEvent, type FetchFunction } from "@jot/sdk";
import { describeWith, oathtoolCode, oathtoolService } from "@jot/testing";
import { enableTotp } from "../test/mfa-helpers.ts";
import { createTestApp, registerAndLogin, type TestApp } from "../test/test-app.ts";

// The SDK's second-factor login against the real app in process, with codes from oathtool.

let t: TestApp;
beforeAll(async () => void (t = await createTestApp()));
afterAll(() => t.close());

describeWith(oathtoolService, "the SDK's login with a second factor, against the real server", () => {
  test("login resolves { mfa_required: true } and stores nothing; a wrong code rejects invalid_code; verifyMfa with oathtool's code stores a session whose claims carry amr", async () => {
    const user = await registerAndLogin(t);
    const { secret } = await enableTotp(t, user.access);
    const toApp: FetchFunction = async (input, init) => t.app.handle(new Request(input, init));
    const auth = createAuthClient({ baseUrl: "http://localhost", fetch: toApp, now: t.clock, autoRefresh: false });
    const events: AuthChangeEvent[] = [];
    auth.onChange((event) => events.push(event));

    expect(await auth.login({ username: user.username, password: user.password })).toEqual({ mfa_required: true });
    expect(auth.session).toBeNull();
    const wrong = oathtoolCode(secret, t.clock()) === "000000" ? "111111" : "000000";
    const refused = await auth.verifyMfa({ code: wrong }).catch((error: unknown) => error);
    expect(isAuthError(refused) && { code: refused.code, status: refused.status }).toEqual({ code: "invalid_code", status: 401 });

    const session = await auth.verifyMfa({ code: oathtoolCode(secret, t.clock()) });
    expect(session.claims).toMatchObject({ sub: user.id, fresh: true, amr: ["pwd", "otp", "mfa"] });
    expect(auth.session).toEqual(session);
    expect(events).toEqual(["login"]);
    expect(await auth.api.get("protected").json()).toEqual({ message: `Hello, ${user.username}! This is a protected route.` });
    auth.close();
  });
});
