import {
  AddUserBodySchema,
  AdminResetLinkBodySchema,
  AdminSetEmailBodySchema,
  type AdminEmailResponse,
  type AdminResetLinkResponse,
  InspectTokenBodySchema,
  RevokeRoleQuerySchema,
  type AdminPasskeyResponse,
  type AdminPasskeysResponse,
  type AdminSessionResponse,
  type AdminSessionsResponse,
  type AdminUserDetailResponse,
  type AdminUserResponse,
  type AdminUsersResponse,
  type PruneRevocationsResponse,
  type RevocationStatsResponse,
  type TokenInspection,
} from "@jot/shared";
import { type AnyElysia, Elysia } from "elysia";
import type { AdminService } from "../../admin/admin-service.ts";
import { AuditedAdmin } from "../../admin/audited-admin.ts";
import type { AuditLog } from "../../logging/audit-log.ts";
import { parseInput } from "../parse-input.ts";
import type { RouteContext } from "../route-context.ts";
import { ADMIN_DOCS } from "../../openapi/admin-docs.ts";
import { documented, guarded, type OperationDoc, type RouteDoc } from "../../openapi/route-docs.ts";
import { ADMIN_ROUTES } from "./admin-paths.ts";

/** Who may call the admin API, and whom its `admin_action` events name. */
export interface AdminCaller {
  /** Admits the caller before any route runs: the token guard, or nothing on the local socket. */
  plugin: AnyElysia;
  /** A route's options: the guard it asks for and its documentation. */
  routeOptions(doc: RouteDoc): { detail: OperationDoc };
  /** The caller's id, from the context of a request the guard has admitted. */
  actorOf(context: { request: Request }): string;
}

/**
 * The admin API on the network: only a user holding the `admin` role, with a fresh access token
 * (straight from a password login), gets past the guard (S-31), and is named by their user id.
 */
export function adminTokenCaller({ auth }: Pick<RouteContext, "auth">): AdminCaller {
  return {
    plugin: auth,
    routeOptions: (doc) => guarded({ roles: ["admin"], fresh: true }, doc),
    // The guard's claims, which the routes' context carries once it has admitted the request.
    actorOf: (context) => (context as { request: Request } & { claims: { sub: string } }).claims.sub,
  };
}

/**
 * The admin API on the server's local socket: whoever can open the socket file (mode 0600: the
 * server's own operating-system user) is the local operator, named `operator` in every event.
 */
export function localOperatorCaller(operator: string): AdminCaller {
  return { plugin: new Elysia({ name: "jot-local-operator" }), routeOptions: documented, actorOf: () => operator };
}

/**
 * The admin API, `/admin/…`: what `bun run jot` does, done by the running server on its own stores,
 * so a change reaches its in-memory revocation mirror at once. The same routes serve the network
 * (a fresh admin token, {@link adminTokenCaller}) and the local socket ({@link localOperatorCaller});
 * every change is an `admin_action` audit event naming the caller. The paths are `ADMIN_ROUTES`,
 * whose literal types let Elysia type the parameters.
 */
export function adminRoute(caller: AdminCaller, audit: AuditLog, admin: AdminService) {
  /** The operations as this request's caller makes them: each change recorded with the request. */
  const asAdmin = (context: { request: Request }) => new AuditedAdmin(admin, caller.actorOf(context), (fields) => audit("admin_action", context.request, fields));

  return new Elysia()
    // Typed as a plain plugin: the routes' context is their own (typed params), whatever the guard adds.
    .use(caller.plugin as Elysia)
    .get(ADMIN_ROUTES.users, async (): Promise<AdminUsersResponse> => ({ users: await admin.listUsers() }), caller.routeOptions(ADMIN_DOCS.listUsers))
    .post(
      ADMIN_ROUTES.users,
      async (context): Promise<AdminUserResponse> => {
        const input = parseInput(AddUserBodySchema, context.body);
        const user = await asAdmin(context).addUser(input.username, input.password, input.roles ?? []);
        context.set.status = 201;
        return { user };
      },
      caller.routeOptions(ADMIN_DOCS.addUser),
    )
    .get(ADMIN_ROUTES.user, async ({ params }): Promise<AdminUserDetailResponse> => ({ user: await admin.showUser(params.user) }), caller.routeOptions(ADMIN_DOCS.showUser))
    .delete(
      ADMIN_ROUTES.user,
      async (context): Promise<AdminUserResponse> => ({ user: await asAdmin(context).deleteUser(context.params.user) }),
      caller.routeOptions(ADMIN_DOCS.deleteUser),
    )
    .post(
      ADMIN_ROUTES.disable,
      async (context): Promise<AdminUserResponse> => ({ user: await asAdmin(context).disable(context.params.user) }),
      caller.routeOptions(ADMIN_DOCS.disable),
    )
    .post(
      ADMIN_ROUTES.enable,
      async (context): Promise<AdminUserResponse> => ({ user: await asAdmin(context).enable(context.params.user) }),
      caller.routeOptions(ADMIN_DOCS.enable),
    )
    .delete(
      ADMIN_ROUTES.mfa,
      async (context): Promise<AdminUserResponse> => ({ user: await asAdmin(context).resetMfa(context.params.user) }),
      caller.routeOptions(ADMIN_DOCS.resetMfa),
    )
    .put(
      ADMIN_ROUTES.email,
      (context): Promise<AdminEmailResponse> => asAdmin(context).setEmail(context.params.user, parseInput(AdminSetEmailBodySchema, context.body).email),
      caller.routeOptions(ADMIN_DOCS.setEmail),
    )
    .post(
      ADMIN_ROUTES.resetLink,
      (context): Promise<AdminResetLinkResponse> =>
        asAdmin(context).resetLink(context.params.user, parseInput(AdminResetLinkBodySchema, context.body ?? {}).reveal === true),
      caller.routeOptions(ADMIN_DOCS.resetLink),
    )
    .put(
      ADMIN_ROUTES.role,
      async (context): Promise<AdminUserResponse> => ({ user: await asAdmin(context).grantRole(context.params.user, context.params.role) }),
      caller.routeOptions(ADMIN_DOCS.grantRole),
    )
    .delete(
      ADMIN_ROUTES.role,
      async (context): Promise<AdminUserResponse> => {
        // Anything but true or false is refused: a mistyped flag must not quietly leave the sessions alive.
        const endSessions = parseInput(RevokeRoleQuerySchema, context.query).end_sessions === "true";
        return { user: await asAdmin(context).revokeRole(context.params.user, context.params.role, endSessions) };
      },
      caller.routeOptions(ADMIN_DOCS.revokeRole),
    )
    .get(
      ADMIN_ROUTES.userSessions,
      async ({ params }): Promise<AdminSessionsResponse> => ({ sessions: await admin.listSessions(params.user) }),
      caller.routeOptions(ADMIN_DOCS.listSessions),
    )
    .delete(
      ADMIN_ROUTES.userSessions,
      async (context): Promise<AdminUserResponse> => ({ user: await asAdmin(context).endAllSessions(context.params.user) }),
      caller.routeOptions(ADMIN_DOCS.endAllSessions),
    )
    .delete(
      ADMIN_ROUTES.session,
      async (context): Promise<AdminSessionResponse> => ({ session: await asAdmin(context).endSession(context.params.id) }),
      caller.routeOptions(ADMIN_DOCS.endSession),
    )
    .get(
      ADMIN_ROUTES.userPasskeys,
      async ({ params }): Promise<AdminPasskeysResponse> => ({ passkeys: await admin.listPasskeys(params.user) }),
      caller.routeOptions(ADMIN_DOCS.listPasskeys),
    )
    .delete(
      ADMIN_ROUTES.userPasskey,
      async (context): Promise<AdminPasskeyResponse> => ({ passkey: await asAdmin(context).removePasskey(context.params.user, context.params.id) }),
      caller.routeOptions(ADMIN_DOCS.removePasskey),
    )
    .get(ADMIN_ROUTES.revocations, (): Promise<RevocationStatsResponse> => admin.revocationStats(), caller.routeOptions(ADMIN_DOCS.revocationStats))
    .post(
      ADMIN_ROUTES.prune,
      async (context): Promise<PruneRevocationsResponse> => ({ deleted: await asAdmin(context).pruneRevocations() }),
      caller.routeOptions(ADMIN_DOCS.pruneRevocations),
    )
    .post(
      ADMIN_ROUTES.inspect,
      ({ body }): Promise<TokenInspection> => {
        const input = parseInput(InspectTokenBodySchema, body);
        return admin.inspectToken(input.token, input.expect);
      },
      caller.routeOptions(ADMIN_DOCS.inspectToken),
    );
}
