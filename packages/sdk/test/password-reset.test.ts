import { describe, expect, test } from "bun:test";
import { AuthError, createAuthClient, type FetchFunction } from "../src/index.ts";

/** A server that answers each request with `answer` and keeps what it was sent. */
function recordingServer(answer: (path: string, body: unknown) => Response) {
  const sent: Array<{ method: string; path: string; body: unknown; authorization: string | null }> = [];
  const fetch: FetchFunction = async (input, init) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    const body = request.body === null ? undefined : await request.json();
    sent.push({ method: request.method, path, body, authorization: request.headers.get("authorization") });
    return answer(path, body);
  };
  return { fetch, sent };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("forgotPassword and resetPassword", () => {
  test("forgotPassword POSTs {username} to /auth/password/forgot and resolves with the 202's {msg}", async () => {
    const server = recordingServer(() => json(202, { msg: "If the account exists, a password reset token is on its way" }));
    const auth = createAuthClient({ baseUrl: "https://jot.example/base", fetch: server.fetch, autoRefresh: false });
    expect(await auth.forgotPassword({ username: "ada" })).toEqual({ msg: "If the account exists, a password reset token is on its way" });
    expect(server.sent).toEqual([{ method: "POST", path: "/base/auth/password/forgot", body: { username: "ada" }, authorization: null }]);
  });

  test("resetPassword POSTs {token, new_password} to /auth/password/reset and resolves with {msg}", async () => {
    const server = recordingServer(() => json(200, { msg: "Password reset; every session has ended" }));
    const auth = createAuthClient({ baseUrl: "https://jot.example", fetch: server.fetch, autoRefresh: false });
    expect(await auth.resetPassword({ token: "T".repeat(43), new_password: "a brand new password" })).toEqual({ msg: "Password reset; every session has ended" });
    expect(server.sent).toEqual([{ method: "POST", path: "/auth/password/reset", body: { token: "T".repeat(43), new_password: "a brand new password" }, authorization: null }]);
  });

  test("a refused token rejects with AuthError invalid_reset_token, status 400 and the server's msg", async () => {
    const server = recordingServer(() => json(400, { error: "invalid_reset_token", msg: "The reset or verification token is wrong, used or expired" }));
    const auth = createAuthClient({ baseUrl: "https://jot.example", fetch: server.fetch, autoRefresh: false });
    const failure = await auth.resetPassword({ token: "used", new_password: "a brand new password" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AuthError);
    expect({ ...(failure as AuthError) }).toMatchObject({ code: "invalid_reset_token", status: 400, msg: "The reset or verification token is wrong, used or expired" });
  });

  test("a throttled request rejects with rate_limited; an answer without msg is a malformed answer, not a success", async () => {
    const throttled = recordingServer(() => json(429, { error: "rate_limited", msg: "Too many attempts; try again in 900 seconds" }));
    const auth = createAuthClient({ baseUrl: "https://jot.example", fetch: throttled.fetch, autoRefresh: false });
    await expect(auth.forgotPassword({ username: "ada" })).rejects.toMatchObject({ code: "rate_limited", status: 429 });
    const odd = recordingServer(() => json(202, { nothing: true }));
    const other = createAuthClient({ baseUrl: "https://jot.example", fetch: odd.fetch, autoRefresh: false });
    const failure = await other.forgotPassword({ username: "ada" }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AuthError);
    expect((failure as AuthError).status).toBe(202);
  });
});
