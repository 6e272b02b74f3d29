import {
  AddUserBodySchema,
  AdminEmailResponseSchema,
  AdminResetLinkBodySchema,
  AdminResetLinkResponseSchema,
  AdminSetEmailBodySchema,
  AdminSessionResponseSchema,
  AdminSessionsResponseSchema,
  AdminPasskeyResponseSchema,
  AdminPasskeysResponseSchema,
  AdminUserDetailResponseSchema,
  AdminUserResponseSchema,
  AdminUsersResponseSchema,
  InspectTokenBodySchema,
  PruneRevocationsResponseSchema,
  RevocationStatsResponseSchema,
  RevokeRoleQuerySchema,
  RoleSchema,
  TokenInspectionSchema,
} from "@jot/shared";
import type { TObject } from "@sinclair/typebox";
import { json, ok, WITH_BODY, type ParameterDoc, type RouteDoc } from "./route-docs.ts";

const USER: ParameterDoc = { name: "user", in: "path", required: true, description: "The user's username or id", schema: { type: "string" } };
const ROLE: ParameterDoc = { name: "role", in: "path", required: true, description: "A role name", schema: RoleSchema };
const SESSION: ParameterDoc = { name: "id", in: "path", required: true, description: "A session's id", schema: { type: "string" } };

/** The optional query parameters of an object schema's properties. */
const queryParameters = (schema: TObject): ParameterDoc[] =>
  Object.entries(schema.properties).map(([name, property]) => ({ name, in: "query", required: false, schema: property }));

/**
 * One admin API route. `unsafe` says its method is (POST, PUT, DELETE): the guard reads such a
 * request's body for a token, so a body that cannot be read is refused even where none is expected.
 */
function adminRoute(doc: Omit<RouteDoc, "tags" | "refusals"> & { unsafe: boolean; refusals?: readonly string[] }): RouteDoc {
  const { unsafe, refusals = [], description, ...rest } = doc;
  const needs = "Needs a fresh access token (straight from a password login) carrying the `admin` role.";
  return { ...rest, description: description ? `${description} ${needs}` : needs, tags: ["admin"], refusals: [...(unsafe ? WITH_BODY : []), ...refusals] };
}

/** The documentation of every admin API route (`/admin/…`, what `bun run jot` calls when the server holds its SQLite file). */
export const ADMIN_DOCS = {
  listUsers: adminRoute({ summary: "List users", unsafe: false, answers: { 200: ok("Every user", AdminUsersResponseSchema) } }),
  addUser: adminRoute({
    summary: "Add a user",
    description: "The username and password follow the rules of registration.",
    unsafe: true,
    requestBody: { required: true, content: json(AddUserBodySchema) },
    answers: { 201: ok("The new user", AdminUserResponseSchema) },
    refusals: ["missing_parameter", "username_taken"],
  }),
  showUser: adminRoute({
    summary: "Show a user",
    unsafe: false,
    parameters: [USER],
    answers: { 200: ok("The user and their live sessions", AdminUserDetailResponseSchema) },
    refusals: ["not_found"],
  }),
  deleteUser: adminRoute({
    summary: "Delete a user",
    description: "Ends every session of the user, then deletes the account.",
    unsafe: true,
    parameters: [USER],
    answers: { 200: ok("The user deleted", AdminUserResponseSchema) },
    refusals: ["not_found"],
  }),
  disable: adminRoute({
    summary: "Disable a user",
    description: "Login and refresh are refused with `account_disabled`, and every token issued until now is revoked.",
    unsafe: true,
    parameters: [USER],
    answers: { 200: ok("The user, disabled", AdminUserResponseSchema) },
    refusals: ["not_found"],
  }),
  enable: adminRoute({
    summary: "Enable a user",
    unsafe: true,
    parameters: [USER],
    answers: { 200: ok("The user, enabled", AdminUserResponseSchema) },
    refusals: ["not_found"],
  }),
  setEmail: adminRoute({
    summary: "Set a user's email",
    description: "Stored unverified; a verification token is delivered to it, as for `PUT /auth/email`. An email another account has, in any case, is 409 `email_taken`.",
    unsafe: true,
    parameters: [USER],
    requestBody: { required: true, content: json(AdminSetEmailBodySchema) },
    answers: { 200: ok("The user and the email set", AdminEmailResponseSchema) },
    refusals: ["missing_parameter", "not_found", "email_taken"],
  }),
  resetLink: adminRoute({
    summary: "Issue a password reset token for a user",
    description:
      "Ends the user's previous reset token and delivers the new one as `POST /auth/password/forgot` does. With `reveal: true` the answer carries the token, for the operator to hand over.",
    unsafe: true,
    parameters: [USER],
    requestBody: { required: false, content: json(AdminResetLinkBodySchema) },
    answers: { 200: ok("The token's expiry, whether it was delivered, and the token when revealed", AdminResetLinkResponseSchema) },
    refusals: ["not_found"],
  }),
  resetMfa: adminRoute({
    summary: "Turn a user's second factor off",
    description:
      "For a user who lost both the authenticator and the recovery codes: the TOTP secret, the recovery codes and any login waiting for a code are removed, and the password alone logs in until the user enrols again.",
    unsafe: true,
    parameters: [USER],
    answers: { 200: ok("The user, without a second factor", AdminUserResponseSchema) },
    refusals: ["not_found"],
  }),
  grantRole: adminRoute({
    summary: "Grant a role",
    description: "The role reaches the user's tokens at their next login or refresh.",
    unsafe: true,
    parameters: [USER, ROLE],
    answers: { 200: ok("The user with the role", AdminUserResponseSchema) },
    refusals: ["not_found", "invalid_request"],
  }),
  revokeRole: adminRoute({
    summary: "Revoke a role",
    description: "Tokens already issued keep the role until they expire or refresh, unless `end_sessions=true` ends every session of the user now.",
    unsafe: true,
    parameters: [USER, ROLE, ...queryParameters(RevokeRoleQuerySchema)],
    answers: { 200: ok("The user without the role", AdminUserResponseSchema) },
    refusals: ["not_found", "invalid_request"],
  }),
  listSessions: adminRoute({
    summary: "List a user's sessions",
    unsafe: false,
    parameters: [USER],
    answers: { 200: ok("The user's live sessions, newest first", AdminSessionsResponseSchema) },
    refusals: ["not_found"],
  }),
  endAllSessions: adminRoute({
    summary: "End all of a user's sessions",
    unsafe: true,
    parameters: [USER],
    answers: { 200: ok("The user whose sessions ended", AdminUserResponseSchema) },
    refusals: ["not_found"],
  }),
  endSession: adminRoute({
    summary: "End one session",
    unsafe: true,
    parameters: [SESSION],
    answers: { 200: ok("The session ended", AdminSessionResponseSchema) },
    refusals: ["not_found"],
  }),
  listPasskeys: adminRoute({
    summary: "List a user's passkeys",
    unsafe: false,
    parameters: [USER],
    answers: { 200: ok("The user's passkeys, oldest first, with when any was flagged as possibly cloned", AdminPasskeysResponseSchema) },
    refusals: ["not_found"],
  }),
  removePasskey: adminRoute({
    summary: "Remove one of a user's passkeys",
    unsafe: true,
    parameters: [USER, { name: "id", in: "path", required: true, description: "The passkey's id", schema: { type: "string" } }],
    answers: { 200: ok("The passkey removed", AdminPasskeyResponseSchema) },
    refusals: ["not_found"],
  }),
  revocationStats: adminRoute({ summary: "Revocation statistics", unsafe: false, answers: { 200: ok("Live and expired entries", RevocationStatsResponseSchema) } }),
  pruneRevocations: adminRoute({
    summary: "Prune expired revocations",
    unsafe: true,
    answers: { 200: ok("How many rows were deleted", PruneRevocationsResponseSchema) },
  }),
  inspectToken: adminRoute({
    summary: "Inspect a token",
    description: "Decodes the token without trusting it, and says whether this server would accept it.",
    unsafe: true,
    requestBody: { required: true, content: json(InspectTokenBodySchema) },
    answers: { 200: ok("The decoded token and the verdict", TokenInspectionSchema) },
    refusals: ["missing_parameter"],
  }),
} satisfies Record<string, RouteDoc>;
