/**
 * The admin API's routes as Elysia patterns. Literal types, so the routes' `params` are typed from
 * them; the admin command's client fills them in through `ADMIN_PATHS`.
 */
export const ADMIN_ROUTES = {
  users: "/admin/users",
  user: "/admin/users/:user",
  disable: "/admin/users/:user/disable",
  enable: "/admin/users/:user/enable",
  email: "/admin/users/:user/email",
  resetLink: "/admin/users/:user/reset-link",
  mfa: "/admin/users/:user/mfa",
  role: "/admin/users/:user/roles/:role",
  userSessions: "/admin/users/:user/sessions",
  session: "/admin/sessions/:id",
  userPasskeys: "/admin/users/:user/passkeys",
  userPasskey: "/admin/users/:user/passkeys/:id",
  revocations: "/admin/revocations",
  prune: "/admin/revocations/prune",
  inspect: "/admin/tokens/inspect",
} as const;

/** `route` with each `:name` replaced by its value, percent-encoded. */
function fill(route: string, values: Record<string, string>): string {
  return route.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(values[name] ?? ""));
}

/** The admin API's paths as a client calls them: the routes of `ADMIN_ROUTES`, filled in. */
export const ADMIN_PATHS = {
  users: ADMIN_ROUTES.users,
  user: (name: string) => fill(ADMIN_ROUTES.user, { user: name }),
  disable: (name: string) => fill(ADMIN_ROUTES.disable, { user: name }),
  enable: (name: string) => fill(ADMIN_ROUTES.enable, { user: name }),
  email: (name: string) => fill(ADMIN_ROUTES.email, { user: name }),
  resetLink: (name: string) => fill(ADMIN_ROUTES.resetLink, { user: name }),
  mfa: (name: string) => fill(ADMIN_ROUTES.mfa, { user: name }),
  role: (name: string, role: string) => fill(ADMIN_ROUTES.role, { user: name, role }),
  userSessions: (name: string) => fill(ADMIN_ROUTES.userSessions, { user: name }),
  session: (id: string) => fill(ADMIN_ROUTES.session, { id }),
  userPasskeys: (name: string) => fill(ADMIN_ROUTES.userPasskeys, { user: name }),
  userPasskey: (name: string, id: string) => fill(ADMIN_ROUTES.userPasskey, { user: name, id }),
  revocations: ADMIN_ROUTES.revocations,
  prune: ADMIN_ROUTES.prune,
  inspect: ADMIN_ROUTES.inspect,
} as const;
