import { Type } from "@sinclair/typebox";
import { Elysia } from "elysia";
import type { AdminService } from "../../admin/admin-service.ts";
import { parseInput } from "../parse-input.ts";
import type { RouteContext } from "../route-context.ts";
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

/** Only a user holding the `admin` role gets past the guard. */
const ADMIN_ONLY = { auth: { roles: ["admin"] } } as const;

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
    .get(ADMIN_PATHS.users, async () => ({ users: await admin.listUsers() }), ADMIN_ONLY)
    .post(
      ADMIN_PATHS.users,
      async ({ body, set, request, claims }) => {
        const input = parseInput(AddUserBodySchema, body);
        const answer = await audited("users add", request, claims.sub, async () => ({ user: await admin.addUser(input.username, input.password, input.roles ?? []) }));
        set.status = 201;
        return answer;
      },
      ADMIN_ONLY,
    )
    .get("/admin/users/:user", async ({ params }) => ({ user: await admin.showUser(params.user) }), ADMIN_ONLY)
    .delete(
      "/admin/users/:user",
      ({ params, request, claims }) => audited("users delete", request, claims.sub, async () => ({ user: await admin.deleteUser(params.user) })),
      ADMIN_ONLY,
    )
    .post(
      "/admin/users/:user/disable",
      ({ params, request, claims }) => audited("users disable", request, claims.sub, async () => ({ user: await admin.disable(params.user) })),
      ADMIN_ONLY,
    )
    .post(
      "/admin/users/:user/enable",
      ({ params, request, claims }) => audited("users enable", request, claims.sub, async () => ({ user: await admin.enable(params.user) })),
      ADMIN_ONLY,
    )
    .put(
      "/admin/users/:user/roles/:role",
      ({ params, request, claims }) => audited("roles grant", request, claims.sub, async () => ({ user: await admin.grantRole(params.user, params.role) })),
      ADMIN_ONLY,
    )
    .delete(
      "/admin/users/:user/roles/:role",
      ({ params, query, request, claims }) =>
        audited("roles revoke", request, claims.sub, async () => ({ user: await admin.revokeRole(params.user, params.role, query.end_sessions === "true") })),
      ADMIN_ONLY,
    )
    .get("/admin/users/:user/sessions", async ({ params }) => ({ sessions: await admin.listSessions(params.user) }), ADMIN_ONLY)
    .delete(
      "/admin/users/:user/sessions",
      ({ params, request, claims }) => audited("sessions end-all", request, claims.sub, async () => ({ user: await admin.endAllSessions(params.user) })),
      ADMIN_ONLY,
    )
    .delete(
      "/admin/sessions/:id",
      ({ params, request, claims }) => audited("sessions end", request, claims.sub, async () => ({ session: await admin.endSession(params.id) })),
      ADMIN_ONLY,
    )
    .get(ADMIN_PATHS.revocations, () => admin.revocationStats(), ADMIN_ONLY)
    .post(
      ADMIN_PATHS.prune,
      ({ request, claims }) => audited("revocations prune", request, claims.sub, async () => ({ deleted: await admin.pruneRevocations() })),
      ADMIN_ONLY,
    )
    .post(
      ADMIN_PATHS.inspect,
      ({ body }) => {
        const input = parseInput(InspectBodySchema, body);
        return admin.inspectToken(input.token, input.expect);
      },
      ADMIN_ONLY,
    );
}
