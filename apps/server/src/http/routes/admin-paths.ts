/** The admin API's paths, shared by its routes and the admin command's client. */
export const ADMIN_PATHS = {
  users: "/admin/users",
  user: (name: string) => `/admin/users/${encodeURIComponent(name)}`,
  disable: (name: string) => `/admin/users/${encodeURIComponent(name)}/disable`,
  enable: (name: string) => `/admin/users/${encodeURIComponent(name)}/enable`,
  role: (name: string, role: string) => `/admin/users/${encodeURIComponent(name)}/roles/${encodeURIComponent(role)}`,
  userSessions: (name: string) => `/admin/users/${encodeURIComponent(name)}/sessions`,
  session: (id: string) => `/admin/sessions/${encodeURIComponent(id)}`,
  revocations: "/admin/revocations",
  prune: "/admin/revocations/prune",
  inspect: "/admin/tokens/inspect",
} as const;
