import {
  CookieSessionSchema,
  EmailChangeBodySchema,
  EmailVerifyBodySchema,
  ForgotPasswordBodySchema,
  ResetPasswordBodySchema,
  HealthOkResponseSchema,
  HealthUnavailableResponseSchema,
  LoginBodySchema,
  LogoutBodySchema,
  MeResponseSchema,
  MessageResponseSchema,
  MfaChallengeSchema,
  MfaConfirmBodySchema,
  MfaDisableBodySchema,
  MfaVerifyBodySchema,
  PasskeyCreatedResponseSchema,
  PasskeyLoginBodySchema,
  PasskeyLoginOptionsBodySchema,
  PasskeyOptionsResponseSchema,
  PasskeyRegisterBodySchema,
  PasskeyRenameBodySchema,
  PasskeysResponseSchema,
  PasswordChangeBodySchema,
  ProtectedResponseSchema,
  RefreshBodySchema,
  RegisterBodySchema,
  RegisterResponseSchema,
  RecoveryCodesSchema,
  SessionsResponseSchema,
  TokenPairSchema,
  TotpEnrolmentSchema,
} from "@jot/shared";
import type { TObject, TSchema } from "@sinclair/typebox";
import type { TokenLocation } from "../config/config.ts";
import { type AuthMode, JSON_TOKEN_FIELDS, QUERY_TOKEN_PARAMETER } from "@jot/elysia/server";
import { errorResponses, type JsonSchema, type ResponseDoc } from "./error-responses.ts";
import { guardRefusals } from "./guard-refusals.ts";
import { JwksResponseSchema } from "./jwks-schema.ts";

type Schema = JsonSchema | TSchema;

/** An OpenAPI parameter: one of a path's, or of the query. */
export interface ParameterDoc {
  name: string;
  in: "path" | "query";
  required: boolean;
  description?: string;
  schema: Schema;
}

/** An OpenAPI request body, by media type; `encoding` says how a multipart field is sent. */
export interface RequestBodyDoc {
  required: boolean;
  description?: string;
  content: Record<string, { schema: Schema; encoding?: Record<string, { contentType: string }> }>;
}

/**
 * An OpenAPI operation, given to a route as its `detail`. The routes parse bodies with their own
 * parser (`parse-input.ts`), so schemas are attached here as documentation only: a `body`,
 * `params`, `query` or `response` hook would make Elysia validate too, with its own errors and
 * before the guard.
 */
export interface OperationDoc {
  summary: string;
  description?: string;
  tags: string[];
  security?: Record<string, string[]>[];
  /** Written over the plugin's own (see `route-parameters.ts`). */
  parameters?: ParameterDoc[];
  requestBody?: RequestBodyDoc;
  responses: Record<string, ResponseDoc | { description: string; content: Record<string, { schema: Schema }> }>;
}

/** What a route's documentation says besides its guard's part, which follows from the route's `auth` ({@link guarded}). */
export interface RouteDoc extends Omit<OperationDoc, "responses"> {
  /** The answers that are not refusals, by status. */
  answers: OperationDoc["responses"];
  /**
   * Every code the route can refuse with besides its guard's and `internal_error` (which any
   * request can meet): the document's error enums are built from this list, once.
   */
  refusals: readonly string[];
}

/** Any request with a body (and any unsafe request to a guarded route: the guard reads bodies for a token): too large, unparseable, of an unsupported type. */
export const WITH_BODY = ["payload_too_large", "invalid_request"] as const;
/** An unsafe `/auth/*` request from a foreign origin, with cookie transport (S-24). */
const UNSAFE_AUTH = ["origin_refused"] as const;
/** Password work: throttled guessing (S-17) and bounded hashing (S-27). */
const PASSWORD_WORK = ["rate_limited", "overloaded", "store_unavailable"] as const;

/** Either transport may be configured (`JWT_TOKEN_LOCATION`); only configured places are read. */
const TOKEN_SECURITY: Record<string, string[]>[] = [{ bearerAuth: [] }, { cookieAuth: [] }];

/** The OpenAPI operation a route documents: its answers, then a response per refusal status, built from the codes it can answer. */
export function operationDoc({ answers, refusals, ...doc }: RouteDoc, auth?: AuthMode): OperationDoc {
  const codes = ["internal_error", ...(auth === undefined ? [] : guardRefusals(auth)), ...refusals];
  return {
    ...doc,
    ...(auth === undefined ? {} : { security: doc.security ?? TOKEN_SECURITY }),
    responses: { ...answers, ...errorResponses(codes) },
  };
}

/** An unguarded route's options: its documentation. */
export function documented(doc: RouteDoc): { detail: OperationDoc } {
  return { detail: operationDoc(doc) };
}

/**
 * A guarded route's options: `auth` for the guard, and the documentation whose security and
 * guard refusals follow from that same mode.
 */
export function guarded<const Mode extends AuthMode>(auth: Mode, doc: RouteDoc): { auth: Mode; detail: OperationDoc } {
  return { auth, detail: operationDoc(doc, auth) };
}

/** A JSON request or response body. */
export const json = (schema: Schema) => ({ "application/json": { schema } });
/** A success answer with a JSON body. */
export const ok = (description: string, schema: Schema) => ({ description, content: json(schema) });

/** Each field of a form schema sent as a text part of a multipart form. */
const textParts = (schema: TObject) => Object.fromEntries(Object.keys(schema.properties).map((name) => [name, { contentType: "text/plain" }]));

const TOKEN_PAIR_OR_COOKIE_SESSION = {
  anyOf: [TokenPairSchema, CookieSessionSchema],
  description: "The token pair with bearer transport; with cookie transport the tokens are only in cookies and the body carries none",
};

/** The documentation of every route but the refresh's ({@link refreshDoc}) and the admin API's (`admin-docs.ts`), keyed by what the route is. */
export const ROUTE_DOCS = {
  register: {
    summary: "Create an account",
    description:
      "Answers 403 `registration_closed` when `AUTH_REGISTRATION=closed`. An `email` is optional: it is stored unverified and a verification token is delivered to it; one another account has, in any case, is 409 `email_taken`.",
    tags: ["auth"],
    requestBody: { required: true, content: json(RegisterBodySchema) },
    answers: { 201: ok("The new user", RegisterResponseSchema) },
    refusals: [...WITH_BODY, ...UNSAFE_AUTH, ...PASSWORD_WORK, "missing_parameter", "registration_closed", "username_taken", "email_taken"],
  },
  login: {
    summary: "Log in with a password",
    description: "Starts a session; the access token is fresh. Unknown user and wrong password are answered alike.",
    tags: ["auth"],
    requestBody: {
      required: true,
      description: "JSON, a urlencoded form or a multipart form. A multipart form's fields are text: a file part is refused with 400 `invalid_request`.",
      content: {
        "application/json": { schema: LoginBodySchema },
        "application/x-www-form-urlencoded": { schema: LoginBodySchema },
        "multipart/form-data": { schema: LoginBodySchema, encoding: textParts(LoginBodySchema) },
      },
    },
    answers: {
      200: ok("A fresh access token and the session's refresh token; with a second factor on, no token but an `mfa_token` for `POST /auth/mfa/verify`", {
        anyOf: [...TOKEN_PAIR_OR_COOKIE_SESSION.anyOf, MfaChallengeSchema],
      }),
    },
    refusals: [...WITH_BODY, ...UNSAFE_AUTH, ...PASSWORD_WORK, "missing_parameter", "bad_credentials", "account_disabled"],
  },
  mfaVerify: {
    summary: "Finish a login with its second factor",
    description:
      "The `mfa_token` a login answered with, and the authenticator's `code` or one `recovery_code`. Starts the session as a login does; its tokens carry `amr: [\"pwd\", \"otp\", \"mfa\"]` (a recovery code too) and the access token is fresh. A code is accepted once; wrong codes are throttled per account.",
    tags: ["mfa"],
    requestBody: { required: true, content: json(MfaVerifyBodySchema) },
    answers: { 200: ok("A fresh access token and the session's refresh token", TOKEN_PAIR_OR_COOKIE_SESSION) },
    refusals: [...WITH_BODY, ...UNSAFE_AUTH, "missing_parameter", "invalid_code", "rate_limited", "account_disabled", "store_unavailable"],
  },
  mfaEnrol: {
    summary: "Start turning on a TOTP second factor",
    description:
      "Answers a new secret (RFC 6238: SHA-1, 6 digits, 30 s) and its `otpauth://` URL for an authenticator app. Not on until `POST /auth/mfa/totp/confirm`; refused with 400 `invalid_request` while a factor is on.",
    tags: ["mfa"],
    answers: { 200: ok("The secret to enter into the authenticator app", TotpEnrolmentSchema) },
    refusals: [...WITH_BODY, ...UNSAFE_AUTH, "store_unavailable"],
  },
  mfaConfirm: {
    summary: "Turn the TOTP second factor on",
    description: "The first code of the enrolled secret turns it on. The 10 recovery codes are shown this once; each works once, in place of a code.",
    tags: ["mfa"],
    requestBody: { required: true, content: json(MfaConfirmBodySchema) },
    answers: { 200: ok("The recovery codes", RecoveryCodesSchema) },
    refusals: [...WITH_BODY, ...UNSAFE_AUTH, "missing_parameter", "invalid_code", "rate_limited", "store_unavailable"],
  },
  mfaDisable: {
    summary: "Turn the TOTP second factor off",
    description: "Needs a code, or a recovery code when the phone is lost.",
    tags: ["mfa"],
    requestBody: { required: true, content: json(MfaDisableBodySchema) },
    answers: { 200: ok("Turned off", MessageResponseSchema) },
    refusals: [...WITH_BODY, ...UNSAFE_AUTH, "missing_parameter", "invalid_code", "rate_limited", "store_unavailable"],
  },
  logout: {
    summary: "Log out",
    description:
      "Revokes the access token and its session, and the session of a `refresh_token` given in the body. The caller's session ends first: a body refused (400, 413) still logs the caller out.",
    tags: ["auth"],
    requestBody: { required: false, content: json(LogoutBodySchema) },
    answers: { 200: ok("Revoked", MessageResponseSchema) },
    refusals: [...WITH_BODY, ...UNSAFE_AUTH],
  },
  me: {
    summary: "The caller and the claims of the token used",
    description: "A valid token whose user no longer exists ends every session of that user and is answered `user_not_found`.",
    tags: ["auth"],
    answers: { 200: ok("The caller", MeResponseSchema) },
    refusals: ["user_not_found"],
  },
  listSessions: {
    summary: "The caller's live sessions",
    tags: ["sessions"],
    answers: { 200: ok("One entry per login session", SessionsResponseSchema) },
    refusals: [],
  },
  endSessions: {
    summary: "Log out everywhere",
    description: "Every token of the caller issued until now is revoked, this one included.",
    tags: ["sessions"],
    answers: { 200: ok("Revoked", MessageResponseSchema) },
    refusals: [...WITH_BODY, ...UNSAFE_AUTH],
  },
  endSession: {
    summary: "End one of the caller's sessions",
    tags: ["sessions"],
    parameters: [{ name: "id", in: "path", required: true, description: "The session's id, as `GET /auth/sessions` lists it", schema: { type: "string" } }],
    answers: { 200: ok("Revoked", MessageResponseSchema) },
    refusals: [...WITH_BODY, ...UNSAFE_AUTH, "not_found"],
  },
  password: {
    summary: "Change the password",
    description: "Needs a fresh access token (straight from a login). Every other session of the user is ended.",
    tags: ["auth"],
    requestBody: { required: true, content: json(PasswordChangeBodySchema) },
    answers: { 200: ok("Changed", MessageResponseSchema) },
    refusals: [...WITH_BODY, ...UNSAFE_AUTH, ...PASSWORD_WORK, "missing_parameter", "bad_credentials", "user_not_found"],
  },
  passwordForgot: {
    summary: "Ask for a password reset token",
    description:
      "Answers 202 with the same body whether or not the user exists, and as fast. A reset token (single-use, valid `PASSWORD_RESET_EXPIRES`) is delivered by `PASSWORD_RESET_WEBHOOK`, else by mail to the user's verified email (`SMTP_URL`), else in development on stderr; a second request ends the first token. Throttled per account and per client address.",
    tags: ["auth"],
    requestBody: { required: true, content: json(ForgotPasswordBodySchema) },
    answers: { 202: ok("Whether or not the user exists", MessageResponseSchema) },
    refusals: [...WITH_BODY, ...UNSAFE_AUTH, "missing_parameter", "rate_limited", "store_unavailable"],
  },
  passwordReset: {
    summary: "Set a new password with a reset token",
    description:
      "The token is used up. The new password follows registration's rule, and every session of the user is ended. The user's passkeys stay unless `remove_passkeys` is true, which removes every one of them (each audited `passkey_removed`, reason `password_reset`). A wrong, used or expired token is 400 `invalid_reset_token`; such failures are throttled per client address.",
    tags: ["auth"],
    requestBody: { required: true, content: json(ResetPasswordBodySchema) },
    answers: { 200: ok("The password is set; every session has ended", MessageResponseSchema) },
    refusals: [...WITH_BODY, ...UNSAFE_AUTH, ...PASSWORD_WORK, "missing_parameter", "invalid_reset_token"],
  },
  email: {
    summary: "Set the caller's email",
    description:
      "Needs a fresh access token (straight from a login), as a password change does. The email is stored unverified and a verification token is delivered to it (202); the same verified email again is 200 and sends nothing. Only a verified email receives reset mail. An email another account has, in any case, is 409 `email_taken`.",
    tags: ["auth"],
    requestBody: { required: true, content: json(EmailChangeBodySchema) },
    answers: { 200: ok("Already verified: nothing sent", MessageResponseSchema), 202: ok("Set; a verification token is on its way", MessageResponseSchema) },
    refusals: [...WITH_BODY, ...UNSAFE_AUTH, "missing_parameter", "rate_limited", "store_unavailable", "email_taken", "user_not_found"],
  },
  emailVerify: {
    summary: "Verify an email with its verification token",
    description: "The token is used up. A wrong, used or expired token, or one sent to an email the user has since replaced, is 400 `invalid_reset_token`.",
    tags: ["auth"],
    requestBody: { required: true, content: json(EmailVerifyBodySchema) },
    answers: { 200: ok("Verified", MessageResponseSchema) },
    refusals: [...WITH_BODY, ...UNSAFE_AUTH, "missing_parameter", "rate_limited", "store_unavailable", "invalid_reset_token"],
  },
  passkeyRegisterOptions: {
    summary: "Begin adding a passkey",
    description: "WebAuthn creation options for `navigator.credentials.create` (attestation `none`, user verification required, the caller's passkeys excluded), with the `challenge_id` to answer under. Needs a fresh access token; throttled like logins.",
    tags: ["passkeys"],
    answers: { 200: ok("Creation options", PasskeyOptionsResponseSchema) },
    refusals: [...WITH_BODY, ...UNSAFE_AUTH, "rate_limited", "store_unavailable"],
  },
  passkeyRegisterVerify: {
    summary: "Add a passkey",
    description: "Verifies the authenticator's answer to the options (single-use, short-lived challenge) and stores the passkey. Needs a fresh access token.",
    tags: ["passkeys"],
    requestBody: { required: true, content: json(PasskeyRegisterBodySchema) },
    answers: { 201: ok("The passkey added", PasskeyCreatedResponseSchema) },
    refusals: [...WITH_BODY, ...UNSAFE_AUTH, "missing_parameter", "store_unavailable"],
  },
  passkeyLoginOptions: {
    summary: "Begin a passkey login",
    description: "WebAuthn request options for `navigator.credentials.get` (user verification required), with the `challenge_id` to answer under. Without a username (usernameless, autofill) the authenticator offers its passkeys for this site. Throttled like logins.",
    tags: ["passkeys"],
    requestBody: { required: false, content: json(PasskeyLoginOptionsBodySchema) },
    answers: { 200: ok("Request options", PasskeyOptionsResponseSchema) },
    refusals: [...WITH_BODY, ...UNSAFE_AUTH, "rate_limited", "store_unavailable"],
  },
  passkeyLoginVerify: {
    summary: "Log in with a passkey",
    description: "Starts a session as a password login does; the access token is fresh and its `amr` names a passkey with user verification (`[\"swk\", \"user\", \"mfa\"]`, which a route asking `{amr: [\"mfa\"]}` admits). No code is asked, even of a user with a second factor on: the passkey is both factors. A credential no account has is `unknown_passkey`; a signature counter that went backwards refuses and flags the passkey.",
    tags: ["passkeys"],
    requestBody: { required: true, content: json(PasskeyLoginBodySchema) },
    answers: { 200: ok("A fresh access token and the session's refresh token", TOKEN_PAIR_OR_COOKIE_SESSION) },
    refusals: [...WITH_BODY, ...UNSAFE_AUTH, "missing_parameter", "bad_credentials", "unknown_passkey", "account_disabled", "store_unavailable"],
  },
  listPasskeys: {
    summary: "The caller's passkeys",
    tags: ["passkeys"],
    answers: { 200: ok("One entry per passkey", PasskeysResponseSchema) },
    refusals: ["store_unavailable"],
  },
  renamePasskey: {
    summary: "Rename one of the caller's passkeys",
    tags: ["passkeys"],
    parameters: [{ name: "id", in: "path", required: true, description: "The passkey's id, as `GET /auth/passkeys` lists it", schema: { type: "string" } }],
    requestBody: { required: true, content: json(PasskeyRenameBodySchema) },
    answers: { 200: ok("Renamed", MessageResponseSchema) },
    refusals: [...WITH_BODY, ...UNSAFE_AUTH, "missing_parameter", "not_found", "store_unavailable"],
  },
  removePasskey: {
    summary: "Remove one of the caller's passkeys",
    description: "Needs a fresh access token.",
    tags: ["passkeys"],
    parameters: [{ name: "id", in: "path", required: true, description: "The passkey's id, as `GET /auth/passkeys` lists it", schema: { type: "string" } }],
    answers: { 200: ok("Removed", MessageResponseSchema) },
    refusals: [...WITH_BODY, ...UNSAFE_AUTH, "not_found", "store_unavailable"],
  },
  protected: {
    summary: "An example protected route",
    tags: ["example"],
    answers: { 200: ok("A greeting", ProtectedResponseSchema) },
    refusals: [],
  },
  health: {
    summary: "Whether every store answers",
    tags: ["operations"],
    answers: {
      200: ok("Every store answers", HealthOkResponseSchema),
      503: ok("A store is unreachable (`store_unavailable`); `stores` names which", HealthUnavailableResponseSchema),
    },
    refusals: [],
  },
  jwks: {
    summary: "The public keys tokens are verified with",
    description: "Served when the algorithm is asymmetric (RS256, ES256, EdDSA); a shared HMAC secret is never published (404).",
    tags: ["operations"],
    answers: { 200: ok("A JSON Web Key Set (RFC 7517)", JwksResponseSchema) },
    refusals: ["not_found"],
  },
  metrics: {
    summary: "Prometheus metrics",
    description: "Served when `METRICS=on`; with `METRICS_TOKEN` set, a scrape sends `Authorization: Bearer <METRICS_TOKEN>`.",
    tags: ["operations"],
    security: [{}, { metricsToken: [] }] as Record<string, string[]>[],
    answers: { 200: { description: "Prometheus text exposition format", content: { "text/plain": { schema: { type: "string" } } } } },
    refusals: ["missing_token", "invalid_token"],
  },
} satisfies Record<string, RouteDoc>;

/** Where each token location reads a refresh token, as the document tells it. */
const REFRESH_TOKEN_PLACES: Record<TokenLocation, string> = {
  headers: "the `Authorization: Bearer <token>` header",
  cookies: "the refresh-token cookie (an unsafe request also sends `X-CSRF-TOKEN`)",
  query_string: `the \`${QUERY_TOKEN_PARAMETER}\` query parameter`,
  json: `the \`${JSON_TOKEN_FIELDS.refresh}\` field of a JSON body`,
};

/**
 * `POST /auth/refresh` as the running configuration serves it: the refresh token is read only
 * where `JWT_TOKEN_LOCATION` says, so the body and the query parameter are documented only when
 * those locations are configured.
 */
export function refreshDoc(locations: readonly TokenLocation[]): RouteDoc {
  return {
    summary: "Rotate the refresh token",
    description: [
      "Answers a new, non-fresh access token and the session's next refresh token.",
      "A rotated-out refresh token presented again is reuse: the whole session is revoked and the answer is `token_revoked` (within `JWT_REFRESH_REUSE_GRACE` it is honoured once instead).",
      "A refresh token whose user no longer exists ends every session of that user and is answered `user_not_found`.",
      `The refresh token is read from ${locations.map((location) => REFRESH_TOKEN_PLACES[location]).join(", then ")} (\`JWT_TOKEN_LOCATION\`); nothing else of the request is read.`,
    ].join(" "),
    tags: ["auth"],
    ...(locations.includes("query_string")
      ? { parameters: [{ name: QUERY_TOKEN_PARAMETER, in: "query", required: false, description: "The refresh token", schema: { type: "string" } }] }
      : {}),
    ...(locations.includes("json") ? { requestBody: { required: false, content: json(RefreshBodySchema) } } : {}),
    answers: { 200: ok("A new access token and the next refresh token", TOKEN_PAIR_OR_COOKIE_SESSION) },
    refusals: [...WITH_BODY, ...UNSAFE_AUTH, "rate_limited", "account_disabled", "user_not_found"],
  };
}
