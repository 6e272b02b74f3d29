import { Type, type Static } from "@sinclair/typebox";

/**
 * A WebAuthn response as `@simplewebauthn/browser` sends it (`RegistrationResponseJSON`,
 * `AuthenticationResponseJSON`): checked for shape here, for meaning by the ceremony.
 */
export const WebAuthnResponseSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 1400, pattern: "^[A-Za-z0-9_-]+$", description: "must be base64url" }),
    rawId: Type.String({ minLength: 1, maxLength: 1400 }),
    type: Type.Literal("public-key"),
    response: Type.Record(Type.String(), Type.Unknown()),
    clientExtensionResults: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: true },
);

/** What a passkey is called by its owner: 1 to 64 characters, no control characters. */
export const PasskeyNameSchema = Type.String({ minLength: 1, maxLength: 64, pattern: "^[^\\u0000-\\u001F\\u007F]+$", description: "must be 1 to 64 characters without control characters" });

/** `POST /auth/passkeys/register/verify`; `challenge_id` may be left out: the signed response names its challenge. */
export const PasskeyRegisterBodySchema = Type.Object({
  response: WebAuthnResponseSchema,
  name: Type.Optional(PasskeyNameSchema),
  challenge_id: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
});
export type PasskeyRegisterBody = Static<typeof PasskeyRegisterBodySchema>;

/** `POST /auth/passkeys/login/options`: no username for a usernameless (autofill) login. */
export const PasskeyLoginOptionsBodySchema = Type.Object({
  username: Type.Optional(Type.String({ minLength: 1, maxLength: 256, pattern: "^[^\\u0000-\\u001F\\u007F]+$", description: "must not contain control characters" })),
});
export type PasskeyLoginOptionsBody = Static<typeof PasskeyLoginOptionsBodySchema>;

/** `POST /auth/passkeys/login/verify` */
export const PasskeyLoginBodySchema = Type.Object({
  challenge_id: Type.String({ minLength: 1, maxLength: 128 }),
  response: WebAuthnResponseSchema,
});
export type PasskeyLoginBody = Static<typeof PasskeyLoginBodySchema>;

/** `PATCH /auth/passkeys/:id` */
export const PasskeyRenameBodySchema = Type.Object({ name: PasskeyNameSchema });
export type PasskeyRenameBody = Static<typeof PasskeyRenameBodySchema>;

/** WebAuthn options (creation or request) as the browser library takes them, with the id of their challenge. */
export const PasskeyOptionsResponseSchema = Type.Object({ challenge_id: Type.String(), challenge: Type.String() }, { additionalProperties: true });
export type PasskeyOptionsResponse = Static<typeof PasskeyOptionsResponseSchema> & Record<string, unknown>;

/** `201` of `POST /auth/passkeys/register/verify` */
export const PasskeyCreatedResponseSchema = Type.Object({ id: Type.String(), name: Type.String(), created_at: Type.String() });
export type PasskeyCreatedResponse = Static<typeof PasskeyCreatedResponseSchema>;

/** One passkey as `GET /auth/passkeys` lists it; times are ISO 8601, `device_type` as WebAuthn names it. */
export const PasskeySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  created_at: Type.String(),
  last_used_at: Type.Union([Type.String(), Type.Null()]),
  device_type: Type.Union([Type.Literal("singleDevice"), Type.Literal("multiDevice")]),
  backed_up: Type.Boolean(),
});
export type Passkey = Static<typeof PasskeySchema>;

/** `GET /auth/passkeys` */
export const PasskeysResponseSchema = Type.Object({ passkeys: Type.Array(PasskeySchema) });
export type PasskeysResponse = Static<typeof PasskeysResponseSchema>;
