import { Type } from "@sinclair/typebox";
import { Elysia } from "elysia";
import type { AdminService } from "../../admin/admin-service.ts";
import { AuditedAdmin } from "../../admin/audited-admin.ts";
import { parseInput } from "../parse-input.ts";
import type { RouteContext } from "../route-context.ts";
import { adminDoc } from "../../openapi/route-docs.ts";
import { ADMIN_PATHS } from "./admin-paths.ts";

const AddUserBodySchema = Type.Object({
  username: Type.String({ maxLength: 256 }),
  password: Type.String({ maxLength: 1024 }),
  roles: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 64 })),
});
const InspectBodySchema = Type.Object({
  token: Type.String({ maxLength: 16_384 }),
  expect: Type.Optional(Type.Union([Type.Literal("access"), Type.Literal("refresh")])),
});

/**
 * Only a user holding the `admin` role, with a fresh access token (straight from a password login),
 * gets past the guard (S-31); `summary` documents the route.
 */
const adminOnly = (summary: string, options?: Parameters<typeof adminDoc>[1]) => ({ auth: { roles: ["admin"], fresh: true }, detail: adminDoc(summary, options) }) as const;

/**
 * The admin API, `/admin/…`: what `bun run jot` does, done by the running server on its own stores,
 * so a change reaches its in-memory revocation mirror at once (the admin command calls it when the
 * server holds its SQLite file). Every route needs a fresh access token with the `admin` role, and
 * every change is an `admin_action` audit event naming the admin. The paths are those of
 * `admin-paths.ts`, written out so Elysia types the parameters.
 */
export function adminRoute({ auth, audit }: RouteContext, admin: AdminService) {
  /** The operations as this request's admin makes them: each change recorded with the request. */
  const asAdmin = (request: Request, claims: { sub: string }) => new AuditedAdmin(admin, claims.sub, (fields) => audit("admin_action", request, fields));

  return new Elysia()
    .use(auth)
    .get(ADMIN_PATHS.users, async () => ({ users: await admin.listUsers() }), adminOnly("List users"))
    .post(
      ADMIN_PATHS.users,
      async ({ body, set, request, claims }) => {
        const input = parseInput(AddUserBodySchema, body);
        const user = await asAdmin(request, claims).addUser(input.username, input.password, input.roles ?? []);
        set.status = 201;
        return { user };
      },
      adminOnly("Add a user", { status: 201, body: true }),
    )
    .get("/admin/users/:user", async ({ params }) => ({ user: await admin.showUser(params.user) }), adminOnly("Show a user"))
    .delete(
      "/admin/users/:user",
      async ({ params, request, claims }) => ({ user: await asAdmin(request, claims).deleteUser(params.user) }),
      adminOnly("Delete a user"),
    )
    .post(
      "/admin/users/:user/disable",
      async ({ params, request, claims }) => ({ user: await asAdmin(request, claims).disable(params.user) }),
      adminOnly("Disable a user"),
    )
    .post(
      "/admin/users/:user/enable",
      async ({ params, request, claims }) => ({ user: await asAdmin(request, claims).enable(params.user) }),
      adminOnly("Enable a user"),
    )
    .put(
      "/admin/users/:user/roles/:role",
      async ({ params, request, claims }) => ({ user: await asAdmin(request, claims).grantRole(params.user, params.role) }),
      adminOnly("Grant a role"),
    )
    .delete(
      "/admin/users/:user/roles/:role",
      async ({ params, query, request, claims }) => ({ user: await asAdmin(request, claims).revokeRole(params.user, params.role, query.end_sessions === "true") }),
      adminOnly("Revoke a role"),
    )
    .get("/admin/users/:user/sessions", async ({ params }) => ({ sessions: await admin.listSessions(params.user) }), adminOnly("List a user's sessions"))
    .delete(
      "/admin/users/:user/sessions",
      async ({ params, request, claims }) => ({ user: await asAdmin(request, claims).endAllSessions(params.user) }),
      adminOnly("End all of a user's sessions"),
    )
    .delete(
      "/admin/sessions/:id",
      async ({ params, request, claims }) => ({ session: await asAdmin(request, claims).endSession(params.id) }),
      adminOnly("End one session"),
    )
    .get(ADMIN_PATHS.revocations, () => admin.revocationStats(), adminOnly("Revocation statistics"))
    .post(
      ADMIN_PATHS.prune,
      async ({ request, claims }) => ({ deleted: await asAdmin(request, claims).pruneRevocations() }),
      adminOnly("Prune expired revocations"),
    )
    .post(
      ADMIN_PATHS.inspect,
      ({ body }) => {
        const input = parseInput(InspectBodySchema, body);
        return admin.inspectToken(input.token, input.expect);
      },
      adminOnly("Inspect a token", { body: true }),
    );
}
