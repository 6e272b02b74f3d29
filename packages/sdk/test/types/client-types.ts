// Compile-only type tests: checked by tsc (test/type-tests.test.ts), never run. Each `@ts-expect-error`
// must meet an error, or tsc fails on the unused directive; each `Expect<Equal<…>>` must hold.
// The same file is checked against the packed package by tools/packaging/test/packed-packages.test.ts, so the
// published .d.ts files are held to it too.
import {
  AuthError,
  createAuthClient,
  isAuthError,
  localStorageStorage,
  memoryStorage,
  type AccessClaims,
  type AuthChangeListener,
  type AuthClient,
  type AuthErrorCode,
  type AuthSession,
  type LoginBody,
  type MfaRequired,
  type ProtectedResponse,
  type SecondFactor,
} from "@jot/sdk";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
/** The string literals of a union that also holds `string & {}`: what an editor offers. */
type Literals<T> = T extends string ? (string extends T ? never : T) : never;

declare const auth: AuthClient;
declare const session: AuthSession;

// Claims come from @jot/shared with their real types.
export type RolesAreStrings = Expect<Equal<typeof session.claims.roles, string[]>>;
export type SubIsString = Expect<Equal<typeof session.claims.sub, string>>;
export type ExpIsNumber = Expect<Equal<typeof session.claims.exp, number>>;
export type TypeIsAccess = Expect<Equal<typeof session.claims.type, "access">>;
export type FreshIsBoolean = Expect<Equal<typeof session.claims.fresh, boolean>>;
export type SessionIsNullable = Expect<Equal<typeof auth.session, AuthSession | null>>;
// @ts-expect-error roles are strings, not numbers
session.claims.roles.push(1);
// Unknown additional claims are there, but not typed until the app says what they are.
// @ts-expect-error an untyped additional claim is `unknown`, not a string
export const untypedTenant: string = session.claims.tenant;

// Additional claims typed by the consumer, through the generic on createAuthClient.
const tenantAuth = createAuthClient<{ tenant: string; plan: "free" | "pro" }>({ baseUrl: "https://jot.example" });
export type TenantIsString = Expect<Equal<NonNullable<typeof tenantAuth.session>["claims"]["tenant"], string>>;
export type PlanIsUnion = Expect<Equal<NonNullable<typeof tenantAuth.session>["claims"]["plan"], "free" | "pro">>;
export type TenantKeepsRoles = Expect<Equal<NonNullable<typeof tenantAuth.session>["claims"]["roles"], string[]>>;
export async function typedFlows(): Promise<void> {
  const signedIn = await tenantAuth.login({ username: "ada", password: "correct horse battery staple" });
  // @ts-expect-error a login may wait for a second factor: no claims until that is ruled out
  void signedIn.claims;
  const session = "mfa_required" in signedIn ? await tenantAuth.verifyMfa({ code: "492039" }) : signedIn;
  const tenant: string = session.claims.tenant;
  const waiting: MfaRequired | typeof session = signedIn;
  if ("mfa_required" in waiting) {
    const mfaRequired: true = waiting.mfa_required;
    void mfaRequired;
  }
  await tenantAuth.verifyMfa({ recovery_code: "k7wq-2mzr-h9ad-x3fe" });
  // @ts-expect-error a second factor is a code or a recovery code
  await tenantAuth.verifyMfa({ password: "correct horse battery staple" });
  // @ts-expect-error a code is the app's digits as a string
  await tenantAuth.verifyMfa({ code: 492039 });
  const refreshed = await tenantAuth.refresh();
  const plan: "free" | "pro" = refreshed.claims.plan;
  const me = await tenantAuth.me();
  const meTenant: string = me.claims.tenant;
  const roles: string[] = me.user.roles;
  tenantAuth.onChange((_event, changed) => {
    const followed: string | undefined = changed?.claims.tenant;
    void followed;
  });
  // @ts-expect-error `plan` is "free" | "pro", not any string
  const wrongPlan: "enterprise" = refreshed.claims.plan;
  void [tenant, plan, meTenant, roles, wrongPlan];
}
export const tenantClaims: AccessClaims<{ tenant: string }>["tenant"] = "acme";
export const tenantListener: AuthChangeListener<{ tenant: string }> = (_event, changed) => void changed?.claims.tenant.toUpperCase();

// A second factor is a code or a recovery code, as @jot/shared says.
export type SecondFactorIsCodeOrRecovery = Expect<Equal<SecondFactor, { code: string } | { recovery_code: string }>>;

// Bodies come from @jot/shared.
export const body: LoginBody = { username: "ada", password: "correct horse battery staple" };
// @ts-expect-error login needs a password
void auth.login({ username: "ada" });
// @ts-expect-error register needs a username
void auth.register({ password: "correct horse battery staple" });
// @ts-expect-error a username is a string
void auth.login({ username: 42, password: "x" });
// Password reset bodies are the shared ones: a reset needs the token and the new password.
export const resetAnswer: Promise<{ msg: string }> = auth.resetPassword({ token: "t", new_password: "a brand new password" });
void auth.forgotPassword({ username: "ada" });
// @ts-expect-error a reset needs its token
void auth.resetPassword({ new_password: "a brand new password" });
// A reset may remove the user's passkeys too, asked with a boolean.
void auth.resetPassword({ token: "t", new_password: "a brand new password", remove_passkeys: true });
// @ts-expect-error remove_passkeys is true or false
void auth.resetPassword({ token: "t", new_password: "a brand new password", remove_passkeys: "yes" });
// @ts-expect-error forgot takes a username, not an email
void auth.forgotPassword({ email: "ada@example.com" });
export async function protectedMessage(): Promise<string> {
  const answer: ProtectedResponse = await auth.api.get("protected").json<ProtectedResponse>();
  return answer.message;
}

// Error codes: the contract's codes and the SDK's own are offered, and any other string is accepted.
declare const failure: AuthError;
export type KnownCodes = Literals<AuthErrorCode>;
export type CodesAreTheContractsPlusNetwork = Expect<
  Equal<
    KnownCodes,
    | "missing_token"
    | "invalid_header"
    | "invalid_token"
    | "token_expired"
    | "token_not_yet_valid"
    | "token_revoked"
    | "wrong_token_type"
    | "fresh_token_required"
    | "insufficient_user_authentication"
    | "csrf_failed"
    | "insufficient_scope"
    | "missing_parameter"
    | "invalid_request"
    | "bad_credentials"
    | "username_taken"
    | "registration_closed"
    | "payload_too_large"
    | "method_not_allowed"
    | "rate_limited"
    | "not_found"
    | "user_not_found"
    | "invalid_claims"
    | "origin_refused"
    | "account_disabled"
    | "overloaded"
    | "unknown_passkey"
    | "store_unavailable"
    | "invalid_reset_token"
    | "email_taken"
    | "invalid_code"
    | "internal_error"
    | "network_error"
    | "passkey_cancelled"
    | "passkey_failed"
  >
>;
export type ErrorCodeIsAuthErrorCode = Expect<Equal<AuthError["code"], AuthErrorCode>>;
export const fromNewerServer: AuthError["code"] = "brand_new_code_from_a_newer_server";
export const known: AuthError["code"] = "token_expired";
// @ts-expect-error a code is a string
export const numericCode: AuthError["code"] = 401;
export type StatusIsNumber = Expect<Equal<typeof failure.status, number>>;
export function describe(error: unknown): string {
  if (!isAuthError(error)) return "not an AuthError";
  switch (error.code) {
    case "token_expired":
      return "expired";
    case "network_error":
      return `offline (${error.status})`;
    default:
      return error.msg;
  }
}
// @ts-expect-error AuthError needs a status
export const incomplete = new AuthError({ code: "network_error", msg: "no answer" });

// Options.
createAuthClient({ baseUrl: new URL("https://jot.example"), storage: localStorageStorage(), autoRefresh: false });
createAuthClient({ baseUrl: "https://jot.example", storage: memoryStorage(), lock: (_name, task) => task() });
// @ts-expect-error baseUrl is required
createAuthClient({ storage: memoryStorage() });
// @ts-expect-error a storage needs get, set and remove
createAuthClient({ baseUrl: "https://jot.example", storage: { get: () => null } });
