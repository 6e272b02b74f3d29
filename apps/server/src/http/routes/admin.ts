import {
  AddUserBodySchema,
  InspectTokenBodySchema,
  RevokeRoleQuerySchema,
  type AdminSessionResponse,
  type AdminSessionsResponse,
  type AdminUserDetailResponse,
  type AdminUserResponse,
  type AdminUsersResponse,
  type PruneRevocationsResponse,
  type RevocationStatsResponse,
  type TokenInspection,
} from "@jot/shared";
import { Elysia } from "elysia";
import type { AdminService } from "../../admin/admin-service.ts";
import { parseInput } from "../parse-input.ts";
import type { RouteContext } from "../route-context.ts";
import { ADMIN_DOCS } from "../../openapi/admin-docs.ts";
import { guarded, type RouteDoc } from "../../openapi/route-docs.ts";
import { ADMIN_PATHS } from "./admin-paths.ts";

/** Only a user holding the `admin` role gets past the guard; `doc` documents the route. */
const adminOnly = (doc: RouteDoc) => guarded({ roles: ["admin"] }, doc);

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
    .get(ADMIN_PATHS.users, async (): Promise<AdminUsersResponse> => ({ users: await admin.listUsers() }), adminOnly(ADMIN_DOCS.listUsers))
    .post(
      ADMIN_PATHS.users,
      async ({ body, set, request, claims }): Promise<AdminUserResponse> => {
        const input = parseInput(AddUserBodySchema, body);
        const answer = await audited("users add", request, claims.sub, async () => ({ user: await admin.addUser(input.username, input.password, input.roles ?? []) }));
        set.status = 201;
        return answer;
      },
      adminOnly(ADMIN_DOCS.addUser),
    )
    .get("/admin/users/:user", async ({ params }): Promise<AdminUserDetailResponse> => ({ user: await admin.showUser(params.user) }), adminOnly(ADMIN_DOCS.showUser))
    .delete(
      "/admin/users/:user",
      ({ params, request, claims }): Promise<AdminUserResponse> =>
        audited("users delete", request, claims.sub, async () => ({ user: await admin.deleteUser(params.user) })),
      adminOnly(ADMIN_DOCS.deleteUser),
    )
    .post(
      "/admin/users/:user/disable",
      ({ params, request, claims }): Promise<AdminUserResponse> => audited("users disable", request, claims.sub, async () => ({ user: await admin.disable(params.user) })),
      adminOnly(ADMIN_DOCS.disable),
    )
    .post(
      "/admin/users/:user/enable",
      ({ params, request, claims }): Promise<AdminUserResponse> => audited("users enable", request, claims.sub, async () => ({ user: await admin.enable(params.user) })),
      adminOnly(ADMIN_DOCS.enable),
    )
    .put(
      "/admin/users/:user/roles/:role",
      ({ params, request, claims }): Promise<AdminUserResponse> =>
        audited("roles grant", request, claims.sub, async () => ({ user: await admin.grantRole(params.user, params.role) })),
      adminOnly(ADMIN_DOCS.grantRole),
    )
    .delete(
      "/admin/users/:user/roles/:role",
      ({ params, query, request, claims }): Promise<AdminUserResponse> => {
        // Anything but true or false is refused: a mistyped flag must not quietly leave the sessions alive.
        const endSessions = parseInput(RevokeRoleQuerySchema, query).end_sessions === "true";
        return audited("roles revoke", request, claims.sub, async () => ({ user: await admin.revokeRole(params.user, params.role, endSessions) }));
      },
      adminOnly(ADMIN_DOCS.revokeRole),
    )
    .get(
      "/admin/users/:user/sessions",
      async ({ params }): Promise<AdminSessionsResponse> => ({ sessions: await admin.listSessions(params.user) }),
      adminOnly(ADMIN_DOCS.listSessions),
    )
    .delete(
      "/admin/users/:user/sessions",
      ({ params, request, claims }): Promise<AdminUserResponse> =>
        audited("sessions end-all", request, claims.sub, async () => ({ user: await admin.endAllSessions(params.user) })),
      adminOnly(ADMIN_DOCS.endAllSessions),
    )
    .delete(
      "/admin/sessions/:id",
      ({ params, request, claims }): Promise<AdminSessionResponse> =>
        audited("sessions end", request, claims.sub, async () => ({ session: await admin.endSession(params.id) })),
      adminOnly(ADMIN_DOCS.endSession),
    )
    .get(ADMIN_PATHS.revocations, (): Promise<RevocationStatsResponse> => admin.revocationStats(), adminOnly(ADMIN_DOCS.revocationStats))
    .post(
      ADMIN_PATHS.prune,
      ({ request, claims }): Promise<PruneRevocationsResponse> =>
        audited("revocations prune", request, claims.sub, async () => ({ deleted: await admin.pruneRevocations() })),
      adminOnly(ADMIN_DOCS.pruneRevocations),
    )
    .post(
      ADMIN_PATHS.inspect,
      ({ body }): Promise<TokenInspection> => {
        const input = parseInput(InspectTokenBodySchema, body);
        return admin.inspectToken(input.token, input.expect);
      },
      adminOnly(ADMIN_DOCS.inspectToken),
    );
}
