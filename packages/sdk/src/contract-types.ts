// The contract's types from @jot/shared, named again here so an app needs only `@jot/sdk` to use
// them (and finds an example on each). Each is the very same type as the shared one.
import type {
  AccessClaims as SharedAccessClaims,
  LoginBody as SharedLoginBody,
  MeResponse,
  PasskeyCreatedResponse as SharedPasskeyCreatedResponse,
  ProtectedResponse as SharedProtectedResponse,
  RegisterBody as SharedRegisterBody,
  RegisterResponse as SharedRegisterResponse,
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
 * What `auth.registerPasskey()` answers (`201` of `POST /auth/passkeys/register/verify`).
 *
 * @example
 * ```ts
 * const added: PasskeyCreatedResponse = await auth.registerPasskey({ name: "Laptop" });
 * console.log(`${added.name} added ${added.created_at}`);
 * ```
 */
export type PasskeyCreatedResponse = SharedPasskeyCreatedResponse;
