import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { addSoftwarePasskey, passkeyLogin } from "../../../../test/software-passkey.ts";
import { createTestApp, outcome, registerAndLogin, type TestApp } from "../../../../test/test-app.ts";

// A password reset and the user's passkeys: they stay, unless the reset asks for them to go.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ WEBAUTHN_RP_ID: "localhost", WEBAUTHN_ORIGINS: "http://localhost:4000" });
});
afterAll(() => t.close());

/** Asks for a reset and answers the token delivered for `username`. */
async function resetTokenFor(username: string): Promise<string> {
  const before = t.deliveries.length;
  expect((await t.request("/auth/password/forgot", { method: "POST", json: { username } })).status).toBe(202);
  await t.settled();
  return t.deliveries.slice(before).find((delivery) => delivery.user.username === username)!.token;
}

const reset = (json: Record<string, unknown>) => t.request("/auth/password/reset", { method: "POST", json }).then(outcome);
const eventsSince = (index: number) => t.logs.slice(index).map((line) => JSON.parse(line) as Record<string, unknown>);

describe("POST /auth/password/reset and passkeys", () => {
  test("a reset leaves the user's passkeys alone: they still log in", async () => {
    const ada = await registerAndLogin(t);
    const passkey = await addSoftwarePasskey(t, ada.access);
    expect(await reset({ token: await resetTokenFor(ada.username), new_password: "a brand new password" })).toMatchObject({ status: 200 });
    expect(await reset({ token: await resetTokenFor(ada.username), new_password: "another new password", remove_passkeys: false })).toMatchObject({ status: 200 });

    expect((await t.stores.passkeys.listOf(ada.id)).map(({ id }) => id)).toEqual([passkey.id]);
    expect((await passkeyLogin(t, passkey, ada)).status).toBe(200);
  });

  test("remove_passkeys: true removes every passkey of the user, each audited passkey_removed with reason password_reset; they log nobody in", async () => {
    const bea = await registerAndLogin(t);
    const other = await registerAndLogin(t);
    const first = await addSoftwarePasskey(t, bea.access, "Laptop");
    const second = await addSoftwarePasskey(t, bea.access, "Phone");
    const theirs = await addSoftwarePasskey(t, other.access);
    const token = await resetTokenFor(bea.username);

    const logsBefore = t.logs.length;
    expect(await reset({ token, new_password: "a brand new password", remove_passkeys: true })).toMatchObject({ status: 200, body: { msg: "Password reset; every session has ended" } });
    const removed = eventsSince(logsBefore).filter(({ event }) => event === "passkey_removed");
    expect(removed.map(({ passkey_id }) => passkey_id).sort()).toEqual([first.id, second.id].sort());
    for (const event of removed) expect(event).toMatchObject({ user_id: bea.id, reason: "password_reset", address: expect.any(String) });
    expect(eventsSince(logsBefore).some(({ event, user_id }) => event === "password_reset" && user_id === bea.id)).toBe(true);

    expect(await t.stores.passkeys.listOf(bea.id)).toEqual([]);
    expect(await outcome(await passkeyLogin(t, first, bea))).toMatchObject({ status: 401, body: { error: "unknown_passkey" } });
    // Another user's passkeys are not touched.
    expect((await t.stores.passkeys.listOf(other.id)).map(({ id }) => id)).toEqual([theirs.id]);
  });

  test("remove_passkeys that is not true or false is refused before the token is used", async () => {
    const cy = await registerAndLogin(t);
    await addSoftwarePasskey(t, cy.access);
    const token = await resetTokenFor(cy.username);
    expect(await reset({ token, new_password: "a brand new password", remove_passkeys: "yes" })).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    expect(await t.stores.passkeys.listOf(cy.id)).toHaveLength(1);
    expect(await reset({ token, new_password: "a brand new password" })).toMatchObject({ status: 200 });
  });

  test("a passkey its owner adds or removes is audited with its id (removal reason user)", async () => {
    const dee = await registerAndLogin(t);
    const logsBefore = t.logs.length;
    const passkey = await addSoftwarePasskey(t, dee.access);
    expect((await t.request(`/auth/passkeys/${passkey.id}`, { method: "DELETE", token: dee.access })).status).toBe(200);
    const events = eventsSince(logsBefore).filter(({ event }) => event === "passkey_added" || event === "passkey_removed");
    expect(events).toMatchObject([
      { event: "passkey_added", user_id: dee.id, passkey_id: passkey.id, session_id: expect.any(String) },
      { event: "passkey_removed", user_id: dee.id, passkey_id: passkey.id, session_id: expect.any(String), reason: "user" },
    ]);
  });
});
