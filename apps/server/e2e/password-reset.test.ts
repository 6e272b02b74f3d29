import { afterAll, describe, expect, test } from "bun:test";
import { pollUntil, type ServerProcess, spawnServer } from "@jot/testing";

// The real server as a process on a free port: development's stderr line carries the token, and a
// production start with no channel says so once.

const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
});

const post = (server: ServerProcess, path: string, body: unknown, token?: string) =>
  fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

describe("password reset on the running server", () => {
  test("development: forgot writes one stderr line with the token; reset with it ends the old session and the token works once", async () => {
    const server = await spawnServer({ JWT_SECRET_KEY: "an-e2e-secret-of-at-least-32-bytes!" });
    servers.push(server);
    const password = "correct horse battery";
    expect((await post(server, "/auth/register", { username: "e2e_reset", password })).status).toBe(201);
    const { access_token } = (await (await post(server, "/auth/login", { username: "e2e_reset", password })).json()) as { access_token: string };

    const answer = await post(server, "/auth/password/forgot", { username: "e2e_reset" });
    expect({ status: answer.status, body: await answer.json() }).toEqual({ status: 202, body: { msg: "If the account exists, a password reset token is on its way" } });
    const { answer: token } = await pollUntil(
      () => /^jot: development: password_reset token for e2e_reset: ([A-Za-z0-9_-]{43}) \(until [^)]+\)$/m.exec(server.output())?.[1],
      (found) => found !== undefined,
      { timeoutMs: 10_000, intervalMs: 20 },
    );
    expect(server.output().match(/password_reset token for/g)).toHaveLength(1);

    expect((await post(server, "/auth/password/reset", { token, new_password: "a brand new password" })).status).toBe(200);
    expect((await fetch(`${server.url}/protected`, { headers: { authorization: `Bearer ${access_token}` } })).status).toBe(401);
    const again = await post(server, "/auth/password/reset", { token, new_password: "another new password" });
    expect({ status: again.status, body: await again.json() }).toEqual({ status: 400, body: { error: "invalid_reset_token", msg: "The reset or verification token is wrong, used or expired" } });
    expect((await post(server, "/auth/login", { username: "e2e_reset", password: "a brand new password" })).status).toBe(200);
    // Only development's line carries it: no JSON log line holds the token.
    expect(server.output().split("\n").filter((line) => line.startsWith("{") && line.includes(token!))).toEqual([]);
  });

  test("production with neither webhook nor SMTP: a warning at start, and forgot still answers 202 with no token written anywhere", async () => {
    const server = await spawnServer({
      NODE_ENV: "production",
      JWT_SECRET_KEY: "an-e2e-secret-of-at-least-32-bytes!",
      MFA_ENCRYPTION_KEY: "an-e2e-mfa-key-of-at-least-32-bytes!",
      AUTH_REGISTRATION: "open",
    });
    servers.push(server);
    expect(server.output()).toContain("jot: warning: password resets cannot be delivered: neither PASSWORD_RESET_WEBHOOK nor SMTP_URL is set (forgot still answers 202)");
    expect((await post(server, "/auth/register", { username: "prod_reset", password: "correct horse battery" })).status).toBe(201);
    const answer = await post(server, "/auth/password/forgot", { username: "prod_reset" });
    expect(answer.status).toBe(202);
    await pollUntil(
      () => server.output().includes('"event":"password_reset_requested"'),
      (found) => found,
      { timeoutMs: 10_000, intervalMs: 20 },
    );
    expect(server.output()).not.toContain("password_reset token");
  });
});
