import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, registerAndLogin, type TestApp } from "../../test/test-app.ts";

let t: TestApp;
beforeAll(async () => void (t = await createTestApp({ METRICS: "on" })));
afterAll(() => t.close());

async function counter(name: string): Promise<number> {
  const text = await (await t.request("/metrics")).text();
  const line = text.split("\n").find((each) => each.startsWith(`${name} `));
  return Number(line?.split(" ")[1]);
}

describe("password reset metrics", () => {
  test("jot_password_reset_requests_total counts every forgot answered; jot_password_resets_total every reset done", async () => {
    expect([await counter("jot_password_reset_requests_total"), await counter("jot_password_resets_total")]).toEqual([0, 0]);
    const user = await registerAndLogin(t);
    const forgot = (username: string) => t.request("/auth/password/forgot", { method: "POST", json: { username } });
    await forgot(user.username);
    await forgot("nobody_at_all");
    await t.settled();
    const { token } = t.deliveries.at(-1)!;
    expect((await t.request("/auth/password/reset", { method: "POST", json: { token, new_password: "counted new password" } })).status).toBe(200);
    expect((await t.request("/auth/password/reset", { method: "POST", json: { token, new_password: "counted new password" } })).status).toBe(400);
    expect([await counter("jot_password_reset_requests_total"), await counter("jot_password_resets_total")]).toEqual([2, 1]);
  });
});
