import { Type, type Static } from "@sinclair/typebox";
import { PasskeySchema } from "./passkeys.ts";
import { EmailSchema, NewPasswordSchema, UsernameSchema } from "./requests.ts";

/** What a role name may be: a letter or digit, then letters, digits and `_ . : -`, 64 characters at most. */
export const ROLE_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$";

/** A role name: short words, so a typo like a stray space or quote is refused rather than stored. */
export const RoleSchema = Type.String({
  pattern: ROLE_PATTERN,
  description: "must start with a letter or digit and hold only letters, digits and _ . : - (at most 64 characters)",
});

/** `POST /admin/users`: the rules of registration, and the roles the user starts with. */
export const AddUserBodySchema = Type.Object({
  username: UsernameSchema,
  password: NewPasswordSchema,
  roles: Type.Optional(Type.Array(RoleSchema, { maxItems: 64 })),
});
export type AddUserBody = Static<typeof AddUserBodySchema>;

/** `DELETE /admin/users/:user/roles/:role`: `end_sessions=true` also ends every session of the user now. */
export const RevokeRoleQuerySchema = Type.Object({
  end_sessions: Type.Optional(
    Type.Union([Type.Literal("true"), Type.Literal("false")], {
      description: "`true`: the role leaves the user's tokens at once, as every session of the user ends; otherwise at their next login or refresh",
    }),
  ),
});
export type RevokeRoleQuery = Static<typeof RevokeRoleQuerySchema>;

/** `POST /admin/tokens/inspect`: the token, and the type to check it as (by default the type it says it is). */
export const InspectTokenBodySchema = Type.Object({
  token: Type.String({ maxLength: 16_384 }),
  expect: Type.Optional(Type.Union([Type.Literal("access"), Type.Literal("refresh")])),
});
export type InspectTokenBody = Static<typeof InspectTokenBodySchema>;

const IsoTime = Type.String({ description: "ISO 8601 time" });
const closed = { additionalProperties: false } as const;

/** A user as an operator sees it: never the password hash. */
export const AdminUserSchema = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    roles: Type.Array(Type.String()),
    /** `null` while the account may log in. */
    disabled_at: Type.Union([IsoTime, Type.Null()]),
  },
  closed,
);
export type AdminUser = Static<typeof AdminUserSchema>;

/** A live session as an operator sees it. */
export const AdminSessionSchema = Type.Object(
  {
    id: Type.String(),
    user_id: Type.String(),
    created_at: IsoTime,
    last_used_at: IsoTime,
    user_agent: Type.Union([Type.String(), Type.Null()]),
  },
  closed,
);
export type AdminSession = Static<typeof AdminSessionSchema>;

/** A user and their live sessions. */
export const AdminUserDetailSchema = Type.Object({ ...AdminUserSchema.properties, sessions: Type.Array(AdminSessionSchema) }, closed);
export type AdminUserDetail = Static<typeof AdminUserDetailSchema>;

/** `GET /admin/users` → 200 */
export const AdminUsersResponseSchema = Type.Object({ users: Type.Array(AdminUserSchema) }, closed);
export type AdminUsersResponse = Static<typeof AdminUsersResponseSchema>;

/** A user added, changed or deleted: the user as they are now (or were, when deleted). */
export const AdminUserResponseSchema = Type.Object({ user: AdminUserSchema }, closed);
export type AdminUserResponse = Static<typeof AdminUserResponseSchema>;

/** `GET /admin/users/:user` → 200 */
export const AdminUserDetailResponseSchema = Type.Object({ user: AdminUserDetailSchema }, closed);
export type AdminUserDetailResponse = Static<typeof AdminUserDetailResponseSchema>;

/** `GET /admin/users/:user/sessions` → 200, newest first */
export const AdminSessionsResponseSchema = Type.Object({ sessions: Type.Array(AdminSessionSchema) }, closed);
export type AdminSessionsResponse = Static<typeof AdminSessionsResponseSchema>;

/** `DELETE /admin/sessions/:id` → 200: the session ended */
export const AdminSessionResponseSchema = Type.Object({ session: AdminSessionSchema }, closed);
export type AdminSessionResponse = Static<typeof AdminSessionResponseSchema>;

/** A user's passkey as an operator sees it: who owns it, and when it was flagged as possibly cloned. */
export const AdminPasskeySchema = Type.Object(
  { ...PasskeySchema.properties, user_id: Type.String(), flagged_at: Type.Union([IsoTime, Type.Null()]) },
  closed,
);
export type AdminPasskey = Static<typeof AdminPasskeySchema>;

/** `GET /admin/users/:user/passkeys` → 200, oldest first */
export const AdminPasskeysResponseSchema = Type.Object({ passkeys: Type.Array(AdminPasskeySchema) }, closed);
export type AdminPasskeysResponse = Static<typeof AdminPasskeysResponseSchema>;

/** `DELETE /admin/users/:user/passkeys/:id` → 200: the passkey removed */
export const AdminPasskeyResponseSchema = Type.Object({ passkey: AdminPasskeySchema }, closed);
export type AdminPasskeyResponse = Static<typeof AdminPasskeyResponseSchema>;

const TableStats = Type.Object({ live: Type.Integer({ minimum: 0 }), expired: Type.Integer({ minimum: 0 }) }, closed);

/** `GET /admin/revocations` → 200: live and expired rows of each revocation table. */
export const RevocationStatsResponseSchema = Type.Object(
  {
    stats: Type.Object({ tokens: TableStats, sessions: TableStats, users: TableStats, "session rows": TableStats }, closed),
    /** With Redis, revocations themselves live there, not in these tables. */
    revocations_in_redis: Type.Boolean(),
  },
  closed,
);
export type RevocationStatsResponse = Static<typeof RevocationStatsResponseSchema>;

/** `POST /admin/revocations/prune` → 200: how many rows went. */
export const PruneRevocationsResponseSchema = Type.Object({ deleted: Type.Integer({ minimum: 0 }) }, closed);
export type PruneRevocationsResponse = Static<typeof PruneRevocationsResponseSchema>;

const DecodedSegment = Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], {
  description: "The decoded JSON object, or null where the segment is not one",
});

/** `POST /admin/tokens/inspect` → 200: the token decoded without trust, and this server's verdict. */
export const TokenInspectionSchema = Type.Object(
  {
    header: DecodedSegment,
    claims: DecodedSegment,
    accepted: Type.Boolean(),
    /** The error code the server would answer, when it would refuse. */
    code: Type.Optional(Type.String()),
    /** Why, in an operator's words. */
    reason: Type.Optional(Type.String()),
  },
  closed,
);
export type TokenInspection = Static<typeof TokenInspectionSchema>;

/** `PUT /admin/users/:user/email`: the email to set, unverified until its token is presented. */
export const AdminSetEmailBodySchema = Type.Object({ email: EmailSchema });
export type AdminSetEmailBody = Static<typeof AdminSetEmailBodySchema>;

/** `PUT /admin/users/:user/email` → 200: the user, the email set, and whether a verification token is on its way. */
export const AdminEmailResponseSchema = Type.Object(
  {
    user: AdminUserSchema,
    email: Type.String(),
    /** `false` when no delivery channel is configured. */
    verification_sent: Type.Boolean(),
  },
  closed,
);
export type AdminEmailResponse = Static<typeof AdminEmailResponseSchema>;

/** `POST /admin/users/:user/reset-link`: `reveal: true` answers the token too. */
export const AdminResetLinkBodySchema = Type.Object({ reveal: Type.Optional(Type.Boolean()) });
export type AdminResetLinkBody = Static<typeof AdminResetLinkBodySchema>;

/** `POST /admin/users/:user/reset-link` → 200: a reset token was issued (the user's previous one ended). */
export const AdminResetLinkResponseSchema = Type.Object(
  {
    user: AdminUserSchema,
    expires_at: IsoTime,
    /** Whether it went to the configured channel (`PASSWORD_RESET_WEBHOOK`, mail to a verified email, development's stderr). */
    delivered: Type.Boolean(),
    /** Only with `reveal: true`. */
    token: Type.Optional(Type.String()),
  },
  closed,
);
export type AdminResetLinkResponse = Static<typeof AdminResetLinkResponseSchema>;
