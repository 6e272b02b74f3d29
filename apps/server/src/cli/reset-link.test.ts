import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jotCommand } from "../../test/run-jot.ts";
import { createTestApp, TEST_SECRET } from "../../test/test-app.ts";

// The admin command on a SQLite file, delivering through a real webhook receiver.
const received: Array<{ kind: string; username: string; email: string | null; token: string }> = [];
const receiver = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  async fetch(request) {
    received.push((await request.json()) as (typeof received)[number]);
    return new Response(null, { status: 204 });
  },
});
const dir = mkdtempSync(join(tmpdir(), "jot-reset-link-"));
afterAll(async () => {
  await receiver.stop(true);
  rmSync(dir, { recursive: true, force: true });
});
const env = {
  DATABASE_URL: `sqlite://${dir}/jot.sqlite`,
  JWT_SECRET_KEY: TEST_SECRET,
  PASSWORD_RESET_WEBHOOK: `http://127.0.0.1:${receiver.port}/jot`,
  PASSWORD_RESET_WEBHOOK_SECRET: "a-webhook-secret-of-at-least-32-chars",
};
const jot = jotCommand(env);
/** The reset tokens the first test delivered, oldest first: only the last one may work. */
const tokens: string[] = [];
const adminActions = (stderr: string) => stderr.split("\n").filter(Boolean).map((line) => JSON.parse(line) as { event: string; action: string });

describe("users email and users reset-link", () => {
  test("email sets an unverified email and delivers its verification token; reset-link delivers a token, printed only with --reveal", async () => {
    expect((await jot(["users", "add", "alice", "--password-stdin"], { stdin: "correct horse battery" })).code).toBe(0);

    const email = await jot(["users", "email", "alice", "Alice@Example.com"]);
    expect({ code: email.code, stdout: email.stdout }).toEqual({ code: 0, stdout: "alice: email set to Alice@Example.com; a verification token is on its way\n" });
    expect(adminActions(email.stderr)).toMatchObject([{ event: "admin_action", action: "users email" }]);
    expect(received.map(({ kind, username, email: to }) => ({ kind, username, email: to }))).toEqual([{ kind: "email_verification", username: "alice", email: "Alice@Example.com" }]);

    const delivered = await jot(["users", "reset-link", "alice"]);
    expect(delivered.code).toBe(0);
    expect(delivered.stdout).toMatch(/^reset token for alice delivered to the user; valid until \d{4}-\d\d-\d\dT[\d:.]+Z\n$/);
    expect(adminActions(delivered.stderr)).toMatchObject([{ event: "admin_action", action: "users reset-link" }]);
    const first = received.at(-1)!;
    expect(first).toMatchObject({ kind: "password_reset", username: "alice", email: null });
    expect(delivered.stdout + delivered.stderr).not.toContain(first.token);

    const revealed = await jot(["users", "reset-link", "alice", "--reveal"]);
    const shown = /^token: ([A-Za-z0-9_-]{43})$/m.exec(revealed.stdout)?.[1];
    expect(shown).toBe(received.at(-1)!.token);
    expect((await jot(["users", "reset-link", "alice", "--reveal", "--json"])).json()).toMatchObject({ user: { username: "alice" }, delivered: true, token: received.at(-1)!.token });

    tokens.push(first.token, shown!, received.at(-1)!.token);
  });

  test("an email another account has, in any case, is refused; an unknown user fails", async () => {
    await jot(["users", "add", "bob", "--password-stdin"], { stdin: "correct horse battery" });
    const taken = await jot(["users", "email", "bob", "ALICE@example.COM"]);
    expect({ code: taken.code, stdout: taken.stdout }).toEqual({ code: 1, stdout: "" });
    expect(taken.stderr).toStartWith("jot: email_taken: Email already in use");
    const bad = await jot(["users", "email", "bob", "not-an-email"]);
    expect(bad.code).toBe(2);
    const unknown = await jot(["users", "reset-link", "nobody_here"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toStartWith('jot: not_found: No user named "nobody_here"');
  });

  // Last: a server holds the SQLite file while it runs, so no command may follow it.
  test("the server on the same database takes the last token issued, and no earlier one", async () => {
    const t = await createTestApp(env);
    try {
      const reset = (token: string) => t.request("/auth/password/reset", { method: "POST", json: { token, new_password: "set by reset link" } });
      expect(tokens).toHaveLength(3);
      expect((await reset(tokens[0]!)).status).toBe(400);
      expect((await reset(tokens[1]!)).status).toBe(400);
      expect((await reset(tokens[2]!)).status).toBe(200);
      expect((await t.request("/auth/login", { method: "POST", json: { username: "alice", password: "set by reset link" } })).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
