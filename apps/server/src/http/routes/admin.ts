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
import { AuditedAdmin } from "../../admin/audited-admin.ts";
import { parseInput } from "../parse-input.ts";
import type { RouteContext } from "../route-context.ts";
import { ADMIN_DOCS } from "../../openapi/admin-docs.ts";
import { guarded, type RouteDoc } from "../../openapi/route-docs.ts";
import { ADMIN_ROUTES } from "./admin-paths.ts";

/**
 * Only a user holding the `admin` role, with a fresh access token (straight from a password login),
 * gets past the guard (S-31); `doc` documents the route, its refusals included.
 */
const adminOnly = (doc: RouteDoc) => guarded({ roles: ["admin"], fresh: true }, doc);

/**
 * The admin API, `/admin/…`: what `bun run jot` does, done by the running server on its own stores,
 * so a change reaches its in-memory revocation mirror at once (the admin command calls it when the
 * server holds its SQLite file). Every route needs a fresh access token with the `admin` role, and
 * every change is an `admin_action` audit event naming the admin. The paths are `ADMIN_ROUTES`,
 * whose literal types let Elysia type the parameters.
 */
export function adminRoute({ auth, audit }: RouteContext, admin: AdminService) {
  /** The operations as this request's admin makes them: each change recorded with the request. */
  const asAdmin = (request: Request, claims: { sub: string }) => new AuditedAdmin(admin, claims.sub, (fields) => audit("admin_action", request, fields));

  return new Elysia()
    .use(auth)
    .get(ADMIN_ROUTES.users, async (): Promise<AdminUsersResponse> => ({ users: await admin.listUsers() }), adminOnly(ADMIN_DOCS.listUsers))
    .post(
      ADMIN_ROUTES.users,
      async ({ body, set, request, claims }): Promise<AdminUserResponse> => {
        const input = parseInput(AddUserBodySchema, body);
        const user = await asAdmin(request, claims).addUser(input.username, input.password, input.roles ?? []);
        set.status = 201;
        return { user };
      },
      adminOnly(ADMIN_DOCS.addUser),
    )
    .get(ADMIN_ROUTES.user, async ({ params }): Promise<AdminUserDetailResponse> => ({ user: await admin.showUser(params.user) }), adminOnly(ADMIN_DOCS.showUser))
    .delete(
      ADMIN_ROUTES.user,
      async ({ params, request, claims }): Promise<AdminUserResponse> => ({ user: await asAdmin(request, claims).deleteUser(params.user) }),
      adminOnly(ADMIN_DOCS.deleteUser),
    )
    .post(
      ADMIN_ROUTES.disable,
      async ({ params, request, claims }): Promise<AdminUserResponse> => ({ user: await asAdmin(request, claims).disable(params.user) }),
      adminOnly(ADMIN_DOCS.disable),
    )
    .post(
      ADMIN_ROUTES.enable,
      async ({ params, request, claims }): Promise<AdminUserResponse> => ({ user: await asAdmin(request, claims).enable(params.user) }),
      adminOnly(ADMIN_DOCS.enable),
    )
    .delete(
      ADMIN_ROUTES.mfa,
      async ({ params, request, claims }): Promise<AdminUserResponse> => ({ user: await asAdmin(request, claims).resetMfa(params.user) }),
      adminOnly(ADMIN_DOCS.resetMfa),
    )
    .put(
      ADMIN_ROUTES.role,
      async ({ params, request, claims }): Promise<AdminUserResponse> => ({ user: await asAdmin(request, claims).grantRole(params.user, params.role) }),
      adminOnly(ADMIN_DOCS.grantRole),
    )
    .delete(
      ADMIN_ROUTES.role,
      async ({ params, query, request, claims }): Promise<AdminUserResponse> => {
        // Anything but true or false is refused: a mistyped flag must not quietly leave the sessions alive.
        const endSessions = parseInput(RevokeRoleQuerySchema, query).end_sessions === "true";
        return { user: await asAdmin(request, claims).revokeRole(params.user, params.role, endSessions) };
      },
      adminOnly(ADMIN_DOCS.revokeRole),
    )
    .get(
      ADMIN_ROUTES.userSessions,
      async ({ params }): Promise<AdminSessionsResponse> => ({ sessions: await admin.listSessions(params.user) }),
      adminOnly(ADMIN_DOCS.listSessions),
    )
    .delete(
      ADMIN_ROUTES.userSessions,
      async ({ params, request, claims }): Promise<AdminUserResponse> => ({ user: await asAdmin(request, claims).endAllSessions(params.user) }),
      adminOnly(ADMIN_DOCS.endAllSessions),
    )
    .delete(
      ADMIN_ROUTES.session,
      async ({ params, request, claims }): Promise<AdminSessionResponse> => ({ session: await asAdmin(request, claims).endSession(params.id) }),
      adminOnly(ADMIN_DOCS.endSession),
    )
    .get(ADMIN_ROUTES.revocations, (): Promise<RevocationStatsResponse> => admin.revocationStats(), adminOnly(ADMIN_DOCS.revocationStats))
    .post(
      ADMIN_ROUTES.prune,
      async ({ request, claims }): Promise<PruneRevocationsResponse> => ({ deleted: await asAdmin(request, claims).pruneRevocations() }),
      adminOnly(ADMIN_DOCS.pruneRevocations),
    )
    .post(
      ADMIN_ROUTES.inspect,
      ({ body }): Promise<TokenInspection> => {
        const input = parseInput(InspectTokenBodySchema, body);
        return admin.inspectToken(input.token, input.expect);
      },
      adminOnly(ADMIN_DOCS.inspectToken),
    );
}
