import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import type { TokenPair as Pair } from "@jot/shared";
import { claimsOf, REVOKED } from "@jot/testing";
import { createTestApp, outcome, registerAndLogin, type TestApp } from "../../../test/test-app.ts";

let t: TestApp;
beforeAll(async () => void (t = await createTestApp()));
afterAll(() => t.close());
// The clock is shared by every test here: each starts where the file began.
afterEach(() => t.clock.reset());

const revoked = REVOKED.body;

async function loginAgain(user: { username: string; password: string }, userAgent: string): Promise<Pair> {
  const response = await t.request("/auth/login", {
    method: "POST",
    json: { username: user.username, password: user.password },
    headers: { "user-agent": userAgent },
  });
  return (await response.json()) as Pair;
}

describe("sessions", () => {
  test("GET /auth/sessions lists one row per login, marking the caller's", async () => {
    const user = await registerAndLogin(t);
    t.clock.advance(1);
    const phone = await loginAgain(user, "Phone/1.0");
    const response = await t.request("/auth/sessions", { token: phone.access_token });
    expect(response.status).toBe(200);
    const { sessions } = (await response.json()) as { sessions: Array<Record<string, unknown>> };
    expect(sessions).toEqual([
      { id: claimsOf<{ sid: string }>(phone.access_token).sid, created_at: expect.any(String), last_used_at: expect.any(String), user_agent: "Phone/1.0", current: true },
      { id: claimsOf<{ sid: string }>(user.access).sid, created_at: expect.any(String), last_used_at: expect.any(String), user_agent: null, current: false },
    ]);
    expect(new Date(String(sessions[0]!.created_at)).getTime()).toBe(t.clock());
  });

  test("DELETE /auth/sessions/:id ends that session only", async () => {
    const user = await registerAndLogin(t);
    const laptop = await loginAgain(user, "Laptop");
    const id = claimsOf<{ sid: string }>(laptop.access_token).sid;
    const response = await t.request(`/auth/sessions/${id}`, { method: "DELETE", token: user.access });
    expect(response.status).toBe(200);
    expect((await response.json()) as object).toEqual({ msg: "Session revoked" });
    expect((await outcome(await t.request("/protected", { token: laptop.access_token }))).body).toEqual(revoked);
    expect((await outcome(await t.request("/auth/refresh", { method: "POST", token: laptop.refresh_token }))).body).toEqual(revoked);
    expect((await t.request("/protected", { token: user.access })).status).toBe(200);
    const { sessions } = (await (await t.request("/auth/sessions", { token: user.access })).json()) as { sessions: Array<{ id: string }> };
    expect(sessions.map((session) => session.id)).toEqual([claimsOf<{ sid: string }>(user.access).sid]);
  });

  test("another user's session is 404 not_found and stays alive", async () => {
    const alice = await registerAndLogin(t);
    const mallory = await registerAndLogin(t);
    const response = await t.request(`/auth/sessions/${claimsOf<{ sid: string }>(alice.access).sid}`, { method: "DELETE", token: mallory.access });
    expect(await outcome(response)).toEqual({ status: 404, body: { error: "not_found", msg: "No such session" }, challenge: null });
    expect((await t.request("/protected", { token: alice.access })).status).toBe(200);
  });

  test("DELETE /auth/sessions logs out everywhere: every token issued until now is revoked, later logins work", async () => {
    const user = await registerAndLogin(t);
    const tablet = await loginAgain(user, "Tablet");
    const refreshed = (await (await t.request("/auth/refresh", { method: "POST", token: tablet.refresh_token })).json()) as Pair;
    const response = await t.request("/auth/sessions", { method: "DELETE", token: user.access });
    expect(response.status).toBe(200);
    expect((await response.json()) as object).toEqual({ msg: "All sessions revoked" });
    for (const token of [user.access, tablet.access_token, refreshed.access_token]) {
      expect((await outcome(await t.request("/protected", { token }))).body).toEqual(revoked);
    }
    for (const token of [user.refresh, refreshed.refresh_token]) {
      expect((await outcome(await t.request("/auth/refresh", { method: "POST", token }))).body).toEqual(revoked);
    }
    t.clock.advance(1);
    const later = await loginAgain(user, "Later");
    expect((await t.request("/protected", { token: later.access_token })).status).toBe(200);
    const { sessions } = (await (await t.request("/auth/sessions", { token: later.access_token })).json()) as { sessions: unknown[] };
    expect(sessions).toHaveLength(1);
  });
});
