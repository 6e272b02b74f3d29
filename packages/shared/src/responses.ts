import { Type, type Static } from "@sinclair/typebox";
import { AccessClaimsSchema } from "./claims.ts";

/** `POST /auth/register` → 201 */
export const RegisterResponseSchema = Type.Object({ id: Type.String(), username: Type.String() });
export type RegisterResponse = Static<typeof RegisterResponseSchema>;

/** `POST /auth/login` and `POST /auth/refresh` → 200 */
export const TokenPairSchema = Type.Object({
  access_token: Type.String(),
  refresh_token: Type.String(),
  token_type: Type.Literal("Bearer"),
  /** Seconds until the access token expires. */
  expires_in: Type.Number(),
});
export type TokenPair = Static<typeof TokenPairSchema>;

/** A user as the API shows it. */
export const PublicUserSchema = Type.Object({ id: Type.String(), username: Type.String(), roles: Type.Array(Type.String()) });
export type PublicUser = Static<typeof PublicUserSchema>;

/**
 * `POST /auth/login` and `POST /auth/refresh` → 200 in cookie transport: the tokens are only in
 * HttpOnly cookies, so the body says what a page needs and carries no token (S-23).
 */
export const CookieSessionSchema = Type.Object({
  token_type: Type.Literal("Bearer"),
  /** Seconds until the access token expires. */
  expires_in: Type.Number(),
  user: PublicUserSchema,
  /** The access token's claims, without its CSRF value. */
  claims: AccessClaimsSchema,
});
export type CookieSession = Static<typeof CookieSessionSchema>;

/** `GET /auth/me` → 200 */
export const MeResponseSchema = Type.Object({ user: PublicUserSchema, claims: AccessClaimsSchema });
export type MeResponse = Static<typeof MeResponseSchema>;

/** A plain acknowledgement, e.g. `{msg: "Access token revoked"}`. */
export const MessageResponseSchema = Type.Object({ msg: Type.String() });
export type MessageResponse = Static<typeof MessageResponseSchema>;

/** `GET /protected` → 200 */
export const ProtectedResponseSchema = Type.Object({ message: Type.String() });
export type ProtectedResponse = Static<typeof ProtectedResponseSchema>;

/** One login session (refresh-token family). Times are ISO 8601. */
export const SessionSchema = Type.Object({
  id: Type.String(),
  created_at: Type.String(),
  last_used_at: Type.String(),
  user_agent: Type.Union([Type.String(), Type.Null()]),
  current: Type.Boolean(),
});
export type Session = Static<typeof SessionSchema>;

/** `GET /auth/sessions` → 200 */
export const SessionsResponseSchema = Type.Object({ sessions: Type.Array(SessionSchema) });
export type SessionsResponse = Static<typeof SessionsResponseSchema>;

const StoreState = Type.Union([Type.Literal("ok"), Type.Literal("unavailable")]);

/** `GET /health` → 200: every store answers. */
export const HealthOkResponseSchema = Type.Object({
  status: Type.Literal("ok"),
  stores: Type.Record(Type.String(), Type.Literal("ok")),
});
export type HealthOkResponse = Static<typeof HealthOkResponseSchema>;

/** `GET /health` → 503: an error body (`store_unavailable`) that also names the state of every store. */
export const HealthUnavailableResponseSchema = Type.Object({
  status: Type.Literal("unavailable"),
  error: Type.Literal("store_unavailable"),
  msg: Type.String(),
  stores: Type.Record(Type.String(), StoreState),
});
export type HealthUnavailableResponse = Static<typeof HealthUnavailableResponseSchema>;

/** `GET /health`: `ok` with 200; `unavailable` with 503. */
export const HealthResponseSchema = Type.Union([HealthOkResponseSchema, HealthUnavailableResponseSchema]);
export type HealthResponse = Static<typeof HealthResponseSchema>;

/**
 * `POST /auth/login` → 200 when the account has a second factor on: no token yet. The
 * `mfa_token` is single-use, lives `expires_in` seconds, and is good only at `POST /auth/mfa/verify`.
 */
export const MfaChallengeSchema = Type.Object({
  mfa_required: Type.Literal(true),
  mfa_token: Type.String(),
  /** Seconds until the `mfa_token` expires. */
  expires_in: Type.Number(),
});
export type MfaChallenge = Static<typeof MfaChallengeSchema>;

/** `POST /auth/mfa/totp` → 200: the secret to put into an authenticator app (not on until confirmed). */
export const TotpEnrolmentSchema = Type.Object({
  /** Base32 (RFC 4648), as authenticator apps take it typed in. */
  secret: Type.String(),
  /** The `otpauth://totp/…` URL a QR code carries. */
  otpauth_url: Type.String(),
});
export type TotpEnrolment = Static<typeof TotpEnrolmentSchema>;

/** `POST /auth/mfa/totp/confirm` → 200: the recovery codes, shown this once; each works once. */
export const RecoveryCodesSchema = Type.Object({ recovery_codes: Type.Array(Type.String(), { minItems: 10, maxItems: 10 }) });
export type RecoveryCodes = Static<typeof RecoveryCodesSchema>;
