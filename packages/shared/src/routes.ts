/**
 * Every HTTP path jot serves, relative to the server's base URL.
 * `session` takes the session id in place of `:id` (see {@link sessionPath}).
 */
export const ROUTES = {
  register: "/auth/register",
  login: "/auth/login",
  refresh: "/auth/refresh",
  logout: "/auth/logout",
  me: "/auth/me",
  sessions: "/auth/sessions",
  session: "/auth/sessions/:id",
  password: "/auth/password",
  passwordForgot: "/auth/password/forgot",
  passwordReset: "/auth/password/reset",
  email: "/auth/email",
  emailVerify: "/auth/email/verify",
  mfaVerify: "/auth/mfa/verify",
  mfaTotp: "/auth/mfa/totp",
  mfaTotpConfirm: "/auth/mfa/totp/confirm",
  passkeys: "/auth/passkeys",
  passkey: "/auth/passkeys/:id",
  passkeyRegisterOptions: "/auth/passkeys/register/options",
  passkeyRegisterVerify: "/auth/passkeys/register/verify",
  passkeyLoginOptions: "/auth/passkeys/login/options",
  passkeyLoginVerify: "/auth/passkeys/login/verify",
  protected: "/protected",
  health: "/health",
  jwks: "/.well-known/jwks.json",
} as const;

/** The path of one session, for `DELETE`. */
export function sessionPath(id: string): string {
  return ROUTES.session.replace(":id", encodeURIComponent(id));
}

/** The path of one passkey, for `PATCH` and `DELETE`. */
export function passkeyPath(id: string): string {
  return ROUTES.passkey.replace(":id", encodeURIComponent(id));
}
