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
export function adminRoute({ auth }: RouteContext, admin: AdminService) {
  return new Elysia()
    .use(auth)
    .get(ADMIN_PATHS.users, async () => ({ users: await admin.listUsers() }), ADMIN_ONLY)
    .post(
      ADMIN_PATHS.users,
      async ({ body, set }) => {
        const input = parseInput(AddUserBodySchema, body);
        const user = await admin.addUser(input.username, input.password, input.roles ?? []);
        set.status = 201;
        return { user };
      },
      ADMIN_ONLY,
    )
    .get("/admin/users/:user", async ({ params }) => ({ user: await admin.showUser(params.user) }), ADMIN_ONLY)
    .delete("/admin/users/:user", async ({ params }) => ({ user: await admin.deleteUser(params.user) }), ADMIN_ONLY)
    .post("/admin/users/:user/disable", async ({ params }) => ({ user: await admin.disable(params.user) }), ADMIN_ONLY)
    .post("/admin/users/:user/enable", async ({ params }) => ({ user: await admin.enable(params.user) }), ADMIN_ONLY)
    .put("/admin/users/:user/roles/:role", async ({ params }) => ({ user: await admin.grantRole(params.user, params.role) }), ADMIN_ONLY)
    .delete(
      "/admin/users/:user/roles/:role",
      async ({ params, query }) => ({ user: await admin.revokeRole(params.user, params.role, query.end_sessions === "true") }),
      ADMIN_ONLY,
    )
    .get("/admin/users/:user/sessions", async ({ params }) => ({ sessions: await admin.listSessions(params.user) }), ADMIN_ONLY)
    .delete("/admin/users/:user/sessions", async ({ params }) => ({ user: await admin.endAllSessions(params.user) }), ADMIN_ONLY)
    .delete("/admin/sessions/:id", async ({ params }) => ({ session: await admin.endSession(params.id) }), ADMIN_ONLY)
    .get(ADMIN_PATHS.revocations, () => admin.revocationStats(), ADMIN_ONLY)
    .post(ADMIN_PATHS.prune, async () => ({ deleted: await admin.pruneRevocations() }), ADMIN_ONLY)
    .post(
      ADMIN_PATHS.inspect,
      ({ body }) => {
        const input = parseInput(InspectBodySchema, body);
        return admin.inspectToken(input.token, input.expect);
      },
      ADMIN_ONLY,
    );
}
