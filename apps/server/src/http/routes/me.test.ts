import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { REVOKED } from "@jot/testing";
import { UserAdminStore } from "../../admin/user-admin-store.ts";
import { createTestApp, outcome, registerAndLogin, type TestApp } from "../../../test/test-app.ts";

let t: TestApp;
beforeAll(async () => void (t = await createTestApp()));
afterAll(() => t.close());

describe("GET /auth/me", () => {
  test("answers the user as stored and the claims of the token used", async () => {
    const user = await registerAndLogin(t, "me_alice");
    const response = await t.request("/auth/me", { token: user.access });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { user: unknown; claims: Record<string, unknown> };
    expect(body.user).toEqual({ id: user.id, username: "me_alice", roles: ["user"] });
    expect(body.claims).toEqual(JSON.parse(Buffer.from(user.access.split(".")[1]!, "base64url").toString()));
  });

  test("refuses a refresh token and no token", async () => {
    const user = await registerAndLogin(t);
    expect(((await (await t.request("/auth/me", { token: user.refresh })).json()) as { error: string }).error).toBe("wrong_token_type");
    expect((await t.request("/auth/me")).status).toBe(401);
  });

  test("a valid token whose user was deleted on the database is answered 401 user_not_found, and every token of that user stops working", async () => {
    const user = await registerAndLogin(t);
    const other = await registerAndLogin(t, user.username.replace("user", "twin"));
    await new UserAdminStore(t.stores.database.sql, t.clock).delete(user.id);

    expect(await outcome(await t.request("/auth/me", { token: user.access }))).toEqual({
      status: 401,
      body: { error: "user_not_found", msg: "User not found" },
      challenge: 'Bearer realm="jot", error="invalid_token", error_description="User not found"',
    });
    expect(await outcome(await t.request("/auth/me", { token: user.access }))).toEqual(REVOKED);
    expect(await outcome(await t.request("/auth/refresh", { method: "POST", token: user.refresh }))).toEqual(REVOKED);
    // Another user's session is untouched.
    expect((await t.request("/auth/me", { token: other.access })).status).toBe(200);
  });
});
