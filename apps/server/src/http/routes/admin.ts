import { NewPasswordSchema } from "@jot/shared";
import { Type } from "@sinclair/typebox";
import { Elysia } from "elysia";
import type { AdminService } from "../../admin/admin-service.ts";
import { parseInput } from "../parse-input.ts";
import type { RouteContext } from "../route-context.ts";
import { adminDoc } from "../../openapi/route-docs.ts";
import { ADMIN_PATHS } from "./admin-paths.ts";

const AddUserBodySchema = Type.Object({
  username: Type.String({ maxLength: 256 }),
  password: NewPasswordSchema,
  roles: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 64 })),
});
const InspectBodySchema = Type.Object({
  token: Type.String({ maxLength: 16_384 }),
  expect: Type.Optional(Type.Union([Type.Literal("access"), Type.Literal("refresh")])),
});

/** Only a user holding the `admin` role gets past the guard; `summary` documents the route. */
const adminOnly = (summary: string, options?: Parameters<typeof adminDoc>[1]) => ({ auth: { roles: ["admin"] }, detail: adminDoc(summary, options) }) as const;

/**
 * The admin API, `/admin/…`: what `bun run jot` does, done by the running server on its own stores,
 * so a change reaches its in-memory revocation mirror at once (the admin command calls it when the
 * server holds its SQLite file). Every route needs an access token with the `admin` role. The paths
 * are those of `admin-paths.ts`, written out so Elysia types the parameters.
 */
export function adminRoute({ auth, audit }: RouteContext, admin: AdminService) {
  /** Runs a change and records who made it and on whom: every change through the API is an audit event. */
  async function audited<T extends object>(action: string, request: Request, actor: string, change: () => Promise<T>): Promise<T> {
    const result = await change();
    const target = "user" in result ? (result.user as { id: string }).id : "session" in result ? (result.session as { user_id: string }).user_id : undefined;
    audit("admin_action", request, { action, actor_id: actor, ...(target === undefined ? {} : { user_id: target }) });
    return result;
  }

  return new Elysia()
    .use(auth)
    .get(ADMIN_PATHS.users, async () => ({ users: await admin.listUsers() }), adminOnly("List users"))
    .post(
      ADMIN_PATHS.users,
      async ({ body, set, request, claims }) => {
        const input = parseInput(AddUserBodySchema, body);
        const answer = await audited("users add", request, claims.sub, async () => ({ user: await admin.addUser(input.username, input.password, input.roles ?? []) }));
        set.status = 201;
        return answer;
      },
      adminOnly("Add a user", { status: 201, body: true }),
    )
    .get("/admin/users/:user", async ({ params }) => ({ user: await admin.showUser(params.user) }), adminOnly("Show a user"))
    .delete(
      "/admin/users/:user",
      ({ params, request, claims }) => audited("users delete", request, claims.sub, async () => ({ user: await admin.deleteUser(params.user) })),
      adminOnly("Delete a user"),
    )
    .post(
      "/admin/users/:user/disable",
      ({ params, request, claims }) => audited("users disable", request, claims.sub, async () => ({ user: await admin.disable(params.user) })),
      adminOnly("Disable a user"),
    )
    .post(
      "/admin/users/:user/enable",
      ({ params, request, claims }) => audited("users enable", request, claims.sub, async () => ({ user: await admin.enable(params.user) })),
      adminOnly("Enable a user"),
    )
    .put(
      "/admin/users/:user/roles/:role",
      ({ params, request, claims }) => audited("roles grant", request, claims.sub, async () => ({ user: await admin.grantRole(params.user, params.role) })),
      adminOnly("Grant a role"),
    )
    .delete(
      "/admin/users/:user/roles/:role",
      ({ params, query, request, claims }) =>
        audited("roles revoke", request, claims.sub, async () => ({ user: await admin.revokeRole(params.user, params.role, query.end_sessions === "true") })),
      adminOnly("Revoke a role"),
    )
    .get("/admin/users/:user/sessions", async ({ params }) => ({ sessions: await admin.listSessions(params.user) }), adminOnly("List a user's sessions"))
    .delete(
      "/admin/users/:user/sessions",
      ({ params, request, claims }) => audited("sessions end-all", request, claims.sub, async () => ({ user: await admin.endAllSessions(params.user) })),
      adminOnly("End all of a user's sessions"),
    )
    .delete(
      "/admin/sessions/:id",
      ({ params, request, claims }) => audited("sessions end", request, claims.sub, async () => ({ session: await admin.endSession(params.id) })),
      adminOnly("End one session"),
    )
    .get(ADMIN_PATHS.revocations, () => admin.revocationStats(), adminOnly("Revocation statistics"))
    .post(
      ADMIN_PATHS.prune,
      ({ request, claims }) => audited("revocations prune", request, claims.sub, async () => ({ deleted: await admin.pruneRevocations() })),
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
