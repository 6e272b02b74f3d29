import { Type, type Static } from "@sinclair/typebox";
import { PASSWORD_RULE, passwordPattern } from "./password-rule.ts";
import { ID_SHAPED_PATTERN } from "./user-id.ts";

/**
 * Letters, digits and `@ . + - _`, 3 to 64 characters: safe to show and to log. Never shaped like a
 * user id ({@link ID_SHAPED_PATTERN}), so an id names one account only (S-31).
 */
export const UsernameSchema = Type.Intersect([
  Type.String({ minLength: 3, maxLength: 64, pattern: "^[A-Za-z0-9@.+_-]+$", description: "may contain only letters, digits and @ . + - _" }),
  Type.Not(Type.String({ pattern: ID_SHAPED_PATTERN }), { description: "must not be shaped like a user id (32 hexadecimal digits, as in a UUID)" }),
]);
/**
 * A new password: 8 to 1024 characters counted in code points, any valid Unicode, never trimmed nor
 * case-changed; hashed in its NFKC form (see `password-rule.ts`). `minLength` is for the documents,
 * where JSON Schema counts code points; the pattern is what counts them here.
 */
export const NewPasswordSchema = Type.String({
  minLength: PASSWORD_RULE.minCodePoints,
  pattern: passwordPattern(PASSWORD_RULE.minCodePoints, PASSWORD_RULE.maxCodePoints),
  description: `must be ${PASSWORD_RULE.minCodePoints} to ${PASSWORD_RULE.maxCodePoints} characters of valid Unicode (counted in code points)`,
});
/** A password presented to log in: any non-empty valid Unicode within the same maximum; the stored hash decides. */
export const PresentedPasswordSchema = Type.String({
  minLength: 1,
  pattern: passwordPattern(1, PASSWORD_RULE.maxCodePoints),
  description: `must be 1 to ${PASSWORD_RULE.maxCodePoints} characters of valid Unicode (counted in code points)`,
});

/**
 * An email address: one `@`, a dot in the domain, no spaces, control characters, quotes or angle
 * brackets (nothing that could end a mail header), at most 254 characters (RFC 5321's path limit).
 */
export const EmailSchema = Type.String({
  maxLength: 254,
  pattern: "^[^\\s@<>()\\[\\],;:\"\\\\\\u0000-\\u001F\\u007F]+@[^\\s@<>()\\[\\],;:\"\\\\\\u0000-\\u001F\\u007F]+\\.[^\\s@<>()\\[\\],;:\"\\\\\\u0000-\\u001F\\u007F.]+$",
  description: "must be an email address (name@example.com)",
});
/** A one-time token as jot issues it (reset, verification): base64url, bounded. */
export const OneTimeTokenSchema = Type.String({ minLength: 1, maxLength: 256 });

/** `POST /auth/register`: the email is optional, and unverified until its token is presented. */
export const RegisterBodySchema = Type.Object({ username: UsernameSchema, password: NewPasswordSchema, email: Type.Optional(EmailSchema) });
export type RegisterBody = Static<typeof RegisterBodySchema>;

/** `POST /auth/login` (JSON, urlencoded or multipart) */
export const LoginBodySchema = Type.Object({
  // Any name an account could have, but no control characters (a NUL is refused by Postgres).
  username: Type.String({ minLength: 1, maxLength: 256, pattern: "^[^\\u0000-\\u001F\\u007F]+$", description: "must not contain control characters" }),
  password: PresentedPasswordSchema,
});
export type LoginBody = Static<typeof LoginBodySchema>;

/** `DELETE /auth/logout`: the refresh token to revoke with the access token. */
export const LogoutBodySchema = Type.Object({ refresh_token: Type.Optional(Type.String({ maxLength: 8192 })) });
export type LogoutBody = Static<typeof LogoutBodySchema>;

/** `PUT /auth/password` */
export const PasswordChangeBodySchema = Type.Object({
  current_password: PresentedPasswordSchema,
  new_password: NewPasswordSchema,
});
export type PasswordChangeBody = Static<typeof PasswordChangeBodySchema>;

/** `POST /auth/refresh` with the `json` token location. */
export const RefreshBodySchema = Type.Object({ refresh_token: Type.Optional(Type.String({ maxLength: 8192 })) });
export type RefreshBody = Static<typeof RefreshBodySchema>;

/** `POST /auth/password/forgot` */
export const ForgotPasswordBodySchema = Type.Object({ username: LoginBodySchema.properties.username });
export type ForgotPasswordBody = Static<typeof ForgotPasswordBodySchema>;

/**
 * `POST /auth/password/reset`: the new password follows registration's rule. The user's passkeys
 * stay unless `remove_passkeys` is true.
 */
export const ResetPasswordBodySchema = Type.Object({
  token: OneTimeTokenSchema,
  new_password: NewPasswordSchema,
  remove_passkeys: Type.Optional(Type.Boolean({ description: "true removes every passkey of the user too" })),
});
export type ResetPasswordBody = Static<typeof ResetPasswordBodySchema>;

/** `PUT /auth/email` */
export const EmailChangeBodySchema = Type.Object({ email: EmailSchema });
export type EmailChangeBody = Static<typeof EmailChangeBodySchema>;

/** `POST /auth/email/verify` */
export const EmailVerifyBodySchema = Type.Object({ token: OneTimeTokenSchema });
export type EmailVerifyBody = Static<typeof EmailVerifyBodySchema>;

/** A six-digit code from an authenticator app (RFC 6238). */
export const TotpCodeSchema = Type.String({ pattern: "^[0-9]{6}$", description: "must be the 6 digits the authenticator app shows" });
/** A recovery code as it was shown; case, spaces and dashes do not matter. */
export const RecoveryCodeSchema = Type.String({ minLength: 1, maxLength: 64, description: "must be one of the recovery codes shown when the second factor was turned on" });

/** `POST /auth/mfa/totp/confirm` */
export const MfaConfirmBodySchema = Type.Object({ code: TotpCodeSchema });
export type MfaConfirmBody = Static<typeof MfaConfirmBodySchema>;

/** A second factor: the authenticator's code, or one recovery code. */
export type SecondFactor = { code: string } | { recovery_code: string };

/** Either field of a second factor; exactly one is given (the server says which is missing or extra). */
const secondFactorFields = { code: Type.Optional(TotpCodeSchema), recovery_code: Type.Optional(RecoveryCodeSchema) };

/** `POST /auth/mfa/verify`: the `mfa_token` a login answered, and `code` or `recovery_code`. */
export const MfaVerifyBodySchema = Type.Object({ mfa_token: Type.String({ minLength: 1, maxLength: 256 }), ...secondFactorFields });
export type MfaVerifyBody = { mfa_token: string } & SecondFactor;

/** `DELETE /auth/mfa/totp`: `code`, or `recovery_code` when the phone is lost. */
export const MfaDisableBodySchema = Type.Object(secondFactorFields);
export type MfaDisableBody = SecondFactor;
