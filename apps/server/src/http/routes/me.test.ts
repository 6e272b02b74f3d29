import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, registerAndLogin, type TestApp } from "../../../test/test-app.ts";

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
});
