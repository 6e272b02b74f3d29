import {
  CookieSessionSchema,
  HealthResponseSchema,
  LoginBodySchema,
  LogoutBodySchema,
  MeResponseSchema,
  MessageResponseSchema,
  PasswordChangeBodySchema,
  ProtectedResponseSchema,
  RefreshBodySchema,
  RegisterBodySchema,
  RegisterResponseSchema,
  SessionsResponseSchema,
  TokenPairSchema,
} from "@jot/shared";
import type { TSchema } from "@sinclair/typebox";
import { errorResponses, type JsonSchema, type ResponseDoc } from "./error-responses.ts";
import { JwksResponseSchema } from "./jwks-schema.ts";

/**
 * An OpenAPI operation, given to a route as its `detail`. The routes parse bodies with their own
 * parser (`parse-input.ts`), so schemas are attached here as documentation only: a `body` or
 * `response` hook would make Elysia validate too, with its own 422.
 */
export interface OperationDoc {
  summary: string;
  description?: string;
  tags: string[];
  security?: Record<string, string[]>[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema | TSchema }> };
  responses: Record<string, ResponseDoc | { description: string; content: Record<string, { schema: JsonSchema | TSchema }> }>;
}

/** Any request can meet a bug. */
const ALWAYS = ["internal_error"];
/** Any request with a body: too large, unparseable, or of an unsupported type. */
const WITH_BODY = ["payload_too_large", "invalid_request"];
/** An unsafe `/auth/*` request from a foreign origin, with cookie transport (S-24). */
const UNSAFE_AUTH = ["origin_refused"];
/** What the guard answers for a token that is missing or not good enough. */
const GUARD = [
  "missing_token",
  "invalid_header",
  "invalid_token",
  "token_expired",
  "token_not_yet_valid",
  "token_revoked",
  "wrong_token_type",
  "csrf_failed",
  "store_unavailable",
];
/** Password work: throttled guessing (S-17) and bounded hashing (S-27). */
const PASSWORD_WORK = ["rate_limited", "overloaded", "store_unavailable"];

/** Either transport may be configured (`JWT_TOKEN_LOCATION`); only configured places are read. */
const TOKEN_SECURITY: Record<string, string[]>[] = [{ bearerAuth: [] }, { cookieAuth: [] }];

const json = (schema: JsonSchema | TSchema) => ({ "application/json": { schema } });
const ok = (description: string, schema: JsonSchema | TSchema) => ({ description, content: json(schema) });
const TOKEN_PAIR_OR_COOKIE_SESSION = {
  anyOf: [TokenPairSchema, CookieSessionSchema],
  description: "The token pair with bearer transport; with cookie transport the tokens are only in cookies and the body carries none",
};

/** The documentation of every route, keyed by what the route is. */
export const ROUTE_DOCS = {
  register: {
    summary: "Create an account",
    description: "Answers 403 `registration_closed` when `AUTH_REGISTRATION=closed`.",
    tags: ["auth"],
    requestBody: { required: true, content: json(RegisterBodySchema) },
    responses: {
      201: ok("The new user", RegisterResponseSchema),
      ...errorResponses([...ALWAYS, ...WITH_BODY, ...UNSAFE_AUTH, ...PASSWORD_WORK, "missing_parameter", "registration_closed", "username_taken"]),
    },
  },
  login: {
    summary: "Log in with a password",
    description: "Starts a session; the access token is fresh. Unknown user and wrong password are answered alike.",
    tags: ["auth"],
    requestBody: {
      required: true,
      content: {
        "application/json": { schema: LoginBodySchema },
        "application/x-www-form-urlencoded": { schema: LoginBodySchema },
        "multipart/form-data": { schema: LoginBodySchema },
      },
    },
    responses: {
      200: ok("A fresh access token and the session's refresh token", TOKEN_PAIR_OR_COOKIE_SESSION),
      ...errorResponses([...ALWAYS, ...WITH_BODY, ...UNSAFE_AUTH, ...PASSWORD_WORK, "missing_parameter", "bad_credentials", "account_disabled"]),
    },
  },
  refresh: {
    summary: "Rotate the refresh token",
    description:
      "Answers a new, non-fresh access token and the session's next refresh token. A rotated-out refresh token presented again is reuse: the whole session is revoked and the answer is `token_revoked` (within `JWT_REFRESH_REUSE_GRACE` it is honoured once instead).",
    tags: ["auth"],
    security: TOKEN_SECURITY,
    requestBody: { required: false, content: json(RefreshBodySchema) },
    responses: {
      200: ok("A new access token and the next refresh token", TOKEN_PAIR_OR_COOKIE_SESSION),
      ...errorResponses([...ALWAYS, ...WITH_BODY, ...UNSAFE_AUTH, ...GUARD, "rate_limited", "account_disabled"]),
    },
  },
  logout: {
    summary: "Log out",
    description:
      "Revokes the access token and its session, and the session of a `refresh_token` given in the body. The caller's session ends first: a body refused (400, 413) still logs the caller out.",
    tags: ["auth"],
    security: TOKEN_SECURITY,
    requestBody: { required: false, content: json(LogoutBodySchema) },
    responses: {
      200: ok("Revoked", MessageResponseSchema),
      ...errorResponses([...ALWAYS, ...WITH_BODY, ...UNSAFE_AUTH, ...GUARD]),
    },
  },
  me: {
    summary: "The caller and the claims of the token used",
    tags: ["auth"],
    security: TOKEN_SECURITY,
    responses: { 200: ok("The caller", MeResponseSchema), ...errorResponses([...ALWAYS, ...GUARD]) },
  },
  listSessions: {
    summary: "The caller's live sessions",
    tags: ["sessions"],
    security: TOKEN_SECURITY,
    responses: { 200: ok("One entry per login session", SessionsResponseSchema), ...errorResponses([...ALWAYS, ...GUARD]) },
  },
  endSessions: {
    summary: "Log out everywhere",
    description: "Every token of the caller issued until now is revoked, this one included.",
    tags: ["sessions"],
    security: TOKEN_SECURITY,
    responses: { 200: ok("Revoked", MessageResponseSchema), ...errorResponses([...ALWAYS, ...UNSAFE_AUTH, ...GUARD]) },
  },
  endSession: {
    summary: "End one of the caller's sessions",
    tags: ["sessions"],
    security: TOKEN_SECURITY,
    responses: { 200: ok("Revoked", MessageResponseSchema), ...errorResponses([...ALWAYS, ...UNSAFE_AUTH, ...GUARD, "not_found"]) },
  },
  password: {
    summary: "Change the password",
    description: "Needs a fresh access token (straight from a login). Every other session of the user is ended.",
    tags: ["auth"],
    security: TOKEN_SECURITY,
    requestBody: { required: true, content: json(PasswordChangeBodySchema) },
    responses: {
      200: ok("Changed", MessageResponseSchema),
      ...errorResponses([...ALWAYS, ...WITH_BODY, ...UNSAFE_AUTH, ...GUARD, ...PASSWORD_WORK, "missing_parameter", "fresh_token_required", "bad_credentials"]),
    },
  },
  protected: {
    summary: "An example protected route",
    tags: ["example"],
    security: TOKEN_SECURITY,
    responses: { 200: ok("A greeting", ProtectedResponseSchema), ...errorResponses([...ALWAYS, ...GUARD]) },
  },
  health: {
    summary: "Whether every store answers",
    tags: ["operations"],
    responses: {
      200: ok("Every store answers", HealthResponseSchema),
      503: ok("A store is unreachable (`store_unavailable`); `stores` names which", HealthResponseSchema),
      ...errorResponses(ALWAYS),
    },
  },
  jwks: {
    summary: "The public keys tokens are verified with",
    description: "Served when the algorithm is asymmetric (RS256, ES256, EdDSA); a shared HMAC secret is never published (404).",
    tags: ["operations"],
    responses: { 200: ok("A JSON Web Key Set (RFC 7517)", JwksResponseSchema), ...errorResponses([...ALWAYS, "not_found"]) },
  },
  metrics: {
    summary: "Prometheus metrics",
    description: "Served when `METRICS=on`; with `METRICS_TOKEN` set, a scrape sends `Authorization: Bearer <METRICS_TOKEN>`.",
    tags: ["operations"],
    security: [{}, { metricsToken: [] }] as Record<string, string[]>[],
    responses: {
      200: { description: "Prometheus text exposition format", content: { "text/plain": { schema: { type: "string" } as JsonSchema } } },
      ...errorResponses([...ALWAYS, "missing_token", "invalid_token"]),
    },
  },
} satisfies Record<string, OperationDoc>;

/**
 * The documentation of an admin API route (`/admin/…`, what `bun run jot` calls when the server
 * holds its SQLite file): a fresh access token with the `admin` role, a JSON answer.
 */
export function adminDoc(summary: string, { status = 200, body = false }: { status?: number; body?: boolean } = {}): OperationDoc {
  return {
    summary,
    description: "Needs a fresh access token (straight from a password login) carrying the `admin` role.",
    tags: ["admin"],
    security: TOKEN_SECURITY,
    ...(body ? { requestBody: { required: true, content: json({ type: "object" } as JsonSchema) } } : {}),
    responses: {
      [status]: ok("Done: what changed, or what was asked for", { type: "object" } as JsonSchema),
      ...errorResponses([...ALWAYS, ...(body ? WITH_BODY : []), ...GUARD, "fresh_token_required", "insufficient_scope", "not_found", "invalid_request"]),
    },
  };
}
