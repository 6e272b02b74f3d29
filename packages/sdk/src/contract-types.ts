// The contract's types from @jot/shared, named again here so an app needs only `@jot/sdk` to use
// them (and finds an example on each). Each is the very same type as the shared one.
import type {
  AccessClaims as SharedAccessClaims,
  ForgotPasswordBody as SharedForgotPasswordBody,
  MessageResponse as SharedMessageResponse,
  ResetPasswordBody as SharedResetPasswordBody,
  LoginBody as SharedLoginBody,
  MeResponse,
  PasskeyCreatedResponse as SharedPasskeyCreatedResponse,
  ProtectedResponse as SharedProtectedResponse,
  RegisterBody as SharedRegisterBody,
  RegisterResponse as SharedRegisterResponse,
  SecondFactor as SharedSecondFactor,
} from "@jot/shared";

/**
 * An access token's claims: `sub`, `username`, `roles: string[]`, `type: "access"`, `fresh`, `jti`,
 * `sid`, `iat`, `nbf`, `exp`, `iss`/`aud` when configured, and your additional claims as `Extra`.
 *
 * @example
 * ```ts
 * function isAdmin(claims: AccessClaims): boolean {
 *   return claims.roles.includes("admin");
 * }
 * const tenantOf = (claims: AccessClaims<{ tenant: string }>): string => claims.tenant;
 * ```
 */
export type AccessClaims<Extra extends object = Record<string, unknown>> = SharedAccessClaims<Extra>;

/**
 * The body of `auth.login()` (`POST /auth/login`).
 *
 * @example
 * ```ts
 * const body: LoginBody = { username: "ada", password: "correct horse battery staple" };
 * await auth.login(body);
 * ```
 */
export type LoginBody = SharedLoginBody;

/**
 * The body of `auth.register()` (`POST /auth/register`): a username of 3 to 64 letters, digits and
 * `@ . + - _`, and a password of 8 to 1024 characters.
 *
 * @example
 * ```ts
 * const body: RegisterBody = { username: "ada", password: "correct horse battery staple" };
 * const { id } = await auth.register(body);
 * ```
 */
export type RegisterBody = SharedRegisterBody;

/**
 * What `auth.register()` resolves with: the new user's id and name.
 *
 * @example
 * ```ts
 * const created: RegisterResponse = await auth.register({ username: "ada", password: "correct horse battery staple" });
 * console.log(created.id);
 * ```
 */
export type RegisterResponse = SharedRegisterResponse;

/**
 * The body of `auth.forgotPassword()` (`POST /auth/password/forgot`).
 *
 * @example
 * ```ts
 * const body: ForgotPasswordBody = { username: "ada" };
 * await auth.forgotPassword(body);
 * ```
 */
export type ForgotPasswordBody = SharedForgotPasswordBody;

/**
 * The body of `auth.resetPassword()` (`POST /auth/password/reset`): the token the user received
 * and the new password, which follows registration's rule. The user's passkeys stay unless
 * `remove_passkeys` is `true` (for a user who fears someone else added one).
 *
 * @example
 * ```ts
 * const body: ResetPasswordBody = { token: tokenFromTheMail, new_password: "a brand new password", remove_passkeys: true };
 * await auth.resetPassword(body);
 * ```
 */
export type ResetPasswordBody = SharedResetPasswordBody;

/**
 * An answer that only says what happened: `{ msg }`.
 *
 * @example
 * ```ts
 * const { msg }: MessageResponse = await auth.forgotPassword({ username: "ada" });
 * ```
 */
export type MessageResponse = SharedMessageResponse;

/**
 * The body of `GET /protected`, the server's sample guarded route.
 *
 * @example
 * ```ts
 * const { message } = await auth.api.get("protected").json<ProtectedResponse>();
 * ```
 */
export type ProtectedResponse = SharedProtectedResponse;

/**
 * What `auth.me()` resolves with: the user as the server sees it, and the claims of the access
 * token it was called with, additional ones typed as `Extra`.
 *
 * @example
 * ```ts
 * const { user, claims }: AuthMeResponse = await auth.me();
 * console.log(user.username, user.roles, claims.exp);
 * ```
 */
export type AuthMeResponse<Extra extends object = Record<string, unknown>> = Omit<MeResponse, "claims"> & {
  claims: AccessClaims<Extra>;
};

/**
 * What `auth.login()` resolves with when the account has a second factor on: no session is
 * stored yet; finish the login with `auth.verifyMfa({ code })` (or `{ recovery_code }`).
 *
 * @example
 * ```ts
 * const signedIn = await auth.login({ username: "ada", password: "correct horse battery staple" });
 * if ("mfa_required" in signedIn) await auth.verifyMfa({ code: prompt("Code from your app") ?? "" });
 * ```
 */
export interface MfaRequired {
  mfa_required: true;
}

/**
 * The second factor `auth.verifyMfa()` takes: the six digits of the authenticator app, or one of
 * the recovery codes shown when it was turned on.
 *
 * @example
 * ```ts
 * const factor: SecondFactor = { code: "492039" };
 * await auth.verifyMfa(factor);
 * ```
 */
export type SecondFactor = SharedSecondFactor;

/**
 * What `auth.registerPasskey()` answers (`201` of `POST /auth/passkeys/register/verify`).
 *
 * @example
 * ```ts
 * const added: PasskeyCreatedResponse = await auth.registerPasskey({ name: "Laptop" });
 * console.log(`${added.name} added ${added.created_at}`);
 * ```
 */
export type PasskeyCreatedResponse = SharedPasskeyCreatedResponse;
