import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { craftToken } from "@jot/testing";
import { createAdminTestApp } from "../../test/admin-app.ts";
import { registerAndLogin, type TestApp } from "../../test/test-app.ts";
import type { AdminService } from "./admin-service.ts";

let t: TestApp;
let admin: AdminService;
beforeAll(async () => void ({ t, admin } = await createAdminTestApp()));
afterAll(() => t.close());

describe("tokens inspect", () => {
  test("a good token: its header and claims decoded, and accepted", async () => {
    const user = await registerAndLogin(t);
    const inspection = await admin.inspectToken(user.access);
    expect(inspection).toEqual({
      header: expect.objectContaining({ alg: "HS256", typ: "JWT" }),
      claims: expect.objectContaining({ sub: user.id, username: user.username, type: "access", fresh: true }),
      accepted: true,
    });
  });

  test("an expired token: refused, saying when it expired", async () => {
    const user = await registerAndLogin(t);
    const exp = (await admin.inspectToken(user.access)).claims!.exp as number;
    t.clock.set(exp * 1000 + 1000);
    const inspection = await admin.inspectToken(user.access);
    expect(inspection).toMatchObject({ accepted: false, code: "token_expired", reason: `expired at ${new Date(exp * 1000).toISOString()}` });
    expect(inspection.claims).toMatchObject({ sub: user.id });
  });

  test("a token of an ended session: refused, saying when it was revoked", async () => {
    const user = await registerAndLogin(t);
    t.clock.advance(5);
    await admin.endAllSessions(user.username);
    expect(await admin.inspectToken(user.refresh)).toMatchObject({
      accepted: false,
      code: "token_revoked",
      reason: `revoked at ${new Date(t.clock()).toISOString()} (its session was ended)`,
    });
  });

  test("a token signed with another key: refused as a bad signature, its claims still shown", async () => {
    const now = Math.floor(t.clock() / 1000);
    const claims = { jti: "j", sub: "someone", type: "access", fresh: false, iat: now, nbf: now, exp: now + 60, roles: [] };
    const forged = craftToken({ alg: "HS256", typ: "JWT" }, claims, "another-secret-key-of-32-bytes!!");
    expect(await admin.inspectToken(forged)).toMatchObject({
      accepted: false,
      code: "invalid_token",
      reason: "bad signature (not signed with this server's key)",
      claims: { sub: "someone" },
    });
  });

  test("a refresh token expected as an access token: refused as the wrong type", async () => {
    const user = await registerAndLogin(t);
    expect(await admin.inspectToken(user.refresh, "access")).toMatchObject({ accepted: false, code: "wrong_token_type", reason: "wrong type: Only non-refresh tokens are allowed" });
    expect((await admin.inspectToken(user.refresh)).accepted).toBe(true);
  });

  test("something that is not a token: refused saying why, nothing decoded", async () => {
    expect(await admin.inspectToken("hello")).toEqual({ header: null, claims: null, accepted: false, code: "invalid_token", reason: "invalid token: Not enough segments" });
  });
});
