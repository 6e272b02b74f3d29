import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, registerAndLogin, TEST_SECRET, type TestApp } from "../../test/test-app.ts";

let t: TestApp;
beforeAll(async () => void (t = await createTestApp()));
afterAll(() => t.close());
// The clock is shared by every test here: each starts where the file began.
afterEach(() => t.clock.reset());

describe("audit log", () => {
  test("records every auth event as a JSON line with a request id and user id, and no secret at all", async () => {
    const user = await registerAndLogin(t, "audit_alice", "audit password one");
    await t.request("/auth/login", { method: "POST", json: { username: "audit_alice", password: "audit wrong password" } });
    const refreshed = (await (await t.request("/auth/refresh", { method: "POST", token: user.refresh })).json()) as { access_token: string; refresh_token: string };
    t.clock.advance(11);
    await t.request("/auth/refresh", { method: "POST", token: user.refresh }); // reuse
    const second = (await (await t.request("/auth/login", { method: "POST", json: { username: "audit_alice", password: "audit password one" } })).json()) as {
      access_token: string;
    };
    await t.request("/auth/password", { method: "PUT", token: second.access_token, json: { current_password: "audit password one", new_password: "audit password two" } });
    await t.request("/auth/logout", { method: "DELETE", token: second.access_token, headers: { "x-request-id": "req-42" } });
    t.clock.advance(0.001); // a session begun in the millisecond of a password change is covered by it
    const third = (await (await t.request("/auth/login", { method: "POST", json: { username: "audit_alice", password: "audit password two" } })).json()) as {
      access_token: string;
    };
    await t.request("/auth/sessions", { method: "DELETE", token: third.access_token });

    const lines = t.logs.map((line) => JSON.parse(line) as Record<string, string>);
    expect(lines.map((line) => line.event)).toEqual([
      "register",
      "login_ok",
      "login_failed",
      "refresh",
      "refresh_reuse_detected",
      "login_ok",
      "password_changed",
      "logout",
      "login_ok",
      "logout_everywhere",
    ]);
    for (const line of lines) {
      expect(line.request_id).toMatch(/^[\w.-]+$/);
      expect(Date.parse(line.time!)).toBeLessThanOrEqual(t.clock());
    }
    expect(lines.at(-1)!.time).toBe(new Date(t.clock()).toISOString());
    expect(lines[7]).toMatchObject({ event: "logout", request_id: "req-42", user_id: user.id });
    expect(lines[2]).toMatchObject({ level: "warn", user_id: user.id, code: "bad_credentials" });
    expect(lines.every((line) => line.user_id === user.id)).toBe(true);

    const output = t.logs.join("\n");
    const secrets = [
      "audit password one", "audit wrong password", "audit password two", TEST_SECRET,
      user.access, user.refresh, refreshed.access_token, refreshed.refresh_token, second.access_token, third.access_token,
    ];
    for (const secret of secrets) {
      expect(output).not.toContain(secret);
      expect(output).not.toContain(secret.split(".")[2] ?? secret);
    }
  });

  test("a request id with characters that could forge log lines is replaced", async () => {
    await t.request("/auth/login", { method: "POST", json: { username: "audit_nobody", password: "whatever pw" }, headers: { "x-request-id": 'a"\\n{"event":"forged"' } });
    const line = JSON.parse(t.logs.at(-1)!) as Record<string, string>;
    expect(line.event).toBe("login_failed");
    expect(line.user_id).toBeUndefined(); // an unknown user's submitted name is not logged either
    expect(line.request_id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
