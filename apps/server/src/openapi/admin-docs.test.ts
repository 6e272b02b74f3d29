import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  AddUserBodySchema,
  AdminEmailResponseSchema,
  AdminResetLinkBodySchema,
  AdminResetLinkResponseSchema,
  AdminSetEmailBodySchema,
  AdminSessionResponseSchema,
  AdminSessionsResponseSchema,
  AdminPasskeyResponseSchema,
  AdminPasskeysResponseSchema,
  AdminUserDetailResponseSchema,
  AdminUserResponseSchema,
  AdminUsersResponseSchema,
  InspectTokenBodySchema,
  PruneRevocationsResponseSchema,
  RevocationStatsResponseSchema,
  ROLE_PATTERN,
  TokenInspectionSchema,
} from "@jot/shared";
import type { TSchema } from "@sinclair/typebox";
import type { AdminService } from "../admin/admin-service.ts";
import { ADMIN_PATHS } from "../http/routes/admin-paths.ts";
import { createAdminTestApp } from "../../test/admin-app.ts";
import { claimsOf } from "@jot/testing";
import { documentOf, misfit, type OpenApiDocument } from "../../test/openapi-document.ts";
import { registerAndLogin, type TestApp } from "../../test/test-app.ts";

let t: TestApp;
let admin: AdminService;
let doc: OpenApiDocument;
let adminToken: string;
beforeAll(async () => {
  ({ t, admin } = await createAdminTestApp());
  doc = await documentOf(t);
  const root = await registerAndLogin(t, "docs_root", "docs root password");
  await admin.grantRole(root.username, "admin");
  // Roles reach tokens at the next login, whose token is fresh.
  const login = await t.request("/auth/login", { method: "POST", json: { username: root.username, password: root.password } });
  adminToken = ((await login.json()) as { access_token: string }).access_token;
});
afterAll(() => t.close());

/** A schema as the document holds it: JSON, without TypeBox's symbols. */
const asJson = (schema: TSchema) => JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;

/** Sends an admin request and answers its status and body, after checking the body against the document. */
async function call(method: string, path: string, documented: string, json?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await t.request(path, { method, token: adminToken, ...(json === undefined ? {} : { json }) });
  const body = (await response.json()) as Record<string, unknown>;
  const wrong = misfit(doc, method, documented, response.status, body);
  if (wrong !== undefined) throw new Error(wrong);
  return { status: response.status, body };
}

describe("the admin API in the document", () => {
  test("its request bodies and answers are the schemas of @jot/shared", () => {
    const answers: Record<string, [string, TSchema]> = {
      "get /admin/users": ["200", AdminUsersResponseSchema],
      "post /admin/users": ["201", AdminUserResponseSchema],
      "get /admin/users/{user}": ["200", AdminUserDetailResponseSchema],
      "delete /admin/users/{user}": ["200", AdminUserResponseSchema],
      "post /admin/users/{user}/disable": ["200", AdminUserResponseSchema],
      "post /admin/users/{user}/enable": ["200", AdminUserResponseSchema],
      "put /admin/users/{user}/email": ["200", AdminEmailResponseSchema],
      "post /admin/users/{user}/reset-link": ["200", AdminResetLinkResponseSchema],
      "delete /admin/users/{user}/mfa": ["200", AdminUserResponseSchema],
      "put /admin/users/{user}/roles/{role}": ["200", AdminUserResponseSchema],
      "delete /admin/users/{user}/roles/{role}": ["200", AdminUserResponseSchema],
      "get /admin/users/{user}/sessions": ["200", AdminSessionsResponseSchema],
      "delete /admin/users/{user}/sessions": ["200", AdminUserResponseSchema],
      "delete /admin/sessions/{id}": ["200", AdminSessionResponseSchema],
      "get /admin/users/{user}/passkeys": ["200", AdminPasskeysResponseSchema],
      "delete /admin/users/{user}/passkeys/{id}": ["200", AdminPasskeyResponseSchema],
      "get /admin/revocations": ["200", RevocationStatsResponseSchema],
      "post /admin/revocations/prune": ["200", PruneRevocationsResponseSchema],
      "post /admin/tokens/inspect": ["200", TokenInspectionSchema],
    };
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.keys(operations).flatMap((method) => (path.startsWith("/admin/") ? [`${method} ${path}`] : [])),
    );
    expect(documented.sort()).toEqual(Object.keys(answers).sort());
    for (const [operation, [status, schema]] of Object.entries(answers)) {
      const [method, path] = operation.split(" ") as [string, string];
      const answer = doc.paths[path]![method]!.responses[status]?.content?.["application/json"]?.schema;
      expect({ operation, answer }).toEqual({ operation, answer: asJson(schema) });
    }
    expect(doc.paths["/admin/users"]!.post!.requestBody!.content["application/json"]!.schema).toEqual(asJson(AddUserBodySchema));
    expect(doc.paths["/admin/tokens/inspect"]!.post!.requestBody!.content["application/json"]!.schema).toEqual(asJson(InspectTokenBodySchema));
    expect(doc.paths["/admin/users/{user}/email"]!.put!.requestBody!.content["application/json"]!.schema).toEqual(asJson(AdminSetEmailBodySchema));
    expect(doc.paths["/admin/users/{user}/reset-link"]!.post!.requestBody!.content["application/json"]!.schema).toEqual(asJson(AdminResetLinkBodySchema));
  });

  test("every admin operation's answer fits it", async () => {
    const user = await registerAndLogin(t, "docs_user", "docs user password");
    const { sid } = claimsOf<{ sid: string }>(user.access);
    expect((await call("POST", ADMIN_PATHS.users, "/admin/users", { username: "docs_added", password: "docs added password", roles: ["ops"] })).status).toBe(201);
    expect((await call("GET", ADMIN_PATHS.users, "/admin/users")).body.users).toContainEqual(expect.objectContaining({ username: "docs_added", roles: ["ops"] }));
    expect((await call("GET", ADMIN_PATHS.user(user.username), "/admin/users/{user}")).body.user).toMatchObject({ sessions: [{ id: sid }] });
    expect((await call("POST", ADMIN_PATHS.disable(user.username), "/admin/users/{user}/disable")).status).toBe(200);
    expect((await call("POST", ADMIN_PATHS.enable(user.username), "/admin/users/{user}/enable")).status).toBe(200);
    expect((await call("PUT", ADMIN_PATHS.email(user.username), "/admin/users/{user}/email", { email: "docs_user@example.com" })).body).toMatchObject({ email: "docs_user@example.com" });
    expect((await call("POST", ADMIN_PATHS.resetLink(user.username), "/admin/users/{user}/reset-link", { reveal: true })).body).toMatchObject({ token: expect.any(String) });
    expect((await call("PUT", ADMIN_PATHS.role(user.username, "ops:read"), "/admin/users/{user}/roles/{role}")).body.user).toMatchObject({ roles: ["user", "ops:read"] });
    expect((await call("DELETE", ADMIN_PATHS.role(user.username, "ops:read"), "/admin/users/{user}/roles/{role}")).body.user).toMatchObject({ roles: ["user"] });
    const again = await registerAndLogin(t, "docs_other", "docs other password");
    expect((await call("GET", ADMIN_PATHS.userSessions(again.username), "/admin/users/{user}/sessions")).body.sessions).toHaveLength(1);
    expect((await call("DELETE", ADMIN_PATHS.session(claimsOf<{ sid: string }>(again.access).sid), "/admin/sessions/{id}")).status).toBe(200);
    expect((await call("DELETE", ADMIN_PATHS.userSessions(again.username), "/admin/users/{user}/sessions")).status).toBe(200);
    await t.stores.passkeys.add({
      id: "docs-passkey", userId: again.id, name: "Docs key", publicKey: new Uint8Array([1]), counter: 0, transports: [],
      deviceType: "singleDevice", backedUp: false, createdAt: t.clock(), lastUsedAt: null, flaggedAt: null,
    });
    expect((await call("GET", ADMIN_PATHS.userPasskeys(again.username), "/admin/users/{user}/passkeys")).body.passkeys).toEqual([expect.objectContaining({ id: "docs-passkey", flagged_at: null })]);
    expect((await call("DELETE", ADMIN_PATHS.userPasskey(again.username, "docs-passkey"), "/admin/users/{user}/passkeys/{id}")).body.passkey).toMatchObject({ id: "docs-passkey" });
    expect((await call("GET", ADMIN_PATHS.revocations, "/admin/revocations")).body).toMatchObject({ revocations_in_redis: false });
    expect((await call("POST", ADMIN_PATHS.prune, "/admin/revocations/prune")).body).toEqual({ deleted: expect.any(Number) });
    expect((await call("POST", ADMIN_PATHS.inspect, "/admin/tokens/inspect", { token: again.access })).body).toMatchObject({ accepted: false, code: "token_revoked" });
    expect((await call("DELETE", ADMIN_PATHS.user("docs_added"), "/admin/users/{user}")).status).toBe(200);
  });

  test("the role parameter carries the rule role names are checked by", async () => {
    const user = await registerAndLogin(t, "docs_roles", "docs roles password");
    for (const method of ["put", "delete"]) {
      const role = doc.paths["/admin/users/{user}/roles/{role}"]![method]!.parameters?.find((parameter) => parameter.name === "role");
      expect({ method, role }).toMatchObject({ method, role: { in: "path", required: true, schema: { type: "string", pattern: ROLE_PATTERN } } });
    }
    const documented = new RegExp(ROLE_PATTERN);
    for (const role of ["ops", "ops:read", "a.b_c-d", "9", "x".repeat(64), "x".repeat(65), "a b", "-ops", ":ops", "ops/read", "ops'"]) {
      const { status } = await call("PUT", ADMIN_PATHS.role(user.username, role), "/admin/users/{user}/roles/{role}");
      expect({ role, status }).toEqual({ role, status: documented.test(role) ? 200 : 400 });
    }
  });

  test("end_sessions is documented, and only true or false is taken", async () => {
    const parameter = doc.paths["/admin/users/{user}/roles/{role}"]!.delete!.parameters?.find((candidate) => candidate.name === "end_sessions");
    expect(parameter).toMatchObject({ in: "query", required: false, schema: { anyOf: [{ const: "true" }, { const: "false" }] } });
    expect(doc.paths["/admin/users/{user}/roles/{role}"]!.put!.parameters?.map((candidate) => candidate.name)).toEqual(["user", "role"]);

    const user = await registerAndLogin(t, "docs_flag", "docs flag password");
    await admin.grantRole(user.username, "ops");
    const mistyped = await call("DELETE", `${ADMIN_PATHS.role(user.username, "ops")}?end_sessions=yes`, "/admin/users/{user}/roles/{role}");
    expect(mistyped).toEqual({ status: 400, body: { error: "invalid_request", msg: "end_sessions is not valid" } });
    expect((await admin.showUser(user.username)).roles).toEqual(["user", "ops"]);
    expect((await t.request("/protected", { token: user.access })).status).toBe(200);

    const revoked = await call("DELETE", `${ADMIN_PATHS.role(user.username, "ops")}?end_sessions=true`, "/admin/users/{user}/roles/{role}");
    expect(revoked).toMatchObject({ status: 200, body: { user: { roles: ["user"] } } });
    expect((await t.request("/protected", { token: user.access })).status).toBe(401);
  });
});
