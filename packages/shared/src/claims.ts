import { Type, type Static } from "@sinclair/typebox";

const NonEmpty = Type.String({ minLength: 1 });
/** A finite number of seconds since the epoch (TypeBox refuses NaN and Infinity). */
const NumericDate = Type.Number();

const registered = {
  jti: NonEmpty,
  sub: NonEmpty,
  iat: NumericDate,
  nbf: NumericDate,
  exp: NumericDate,
  /** The login session (refresh family) this token descends from; absent on tokens an app mints outside one. */
  sid: Type.Optional(NonEmpty),
  /** The user's name on the standalone server's tokens; an app's own tokens carry what it gives. */
  username: Type.Optional(Type.String()),
  roles: Type.Array(Type.String()),
  iss: Type.Optional(Type.String()),
  aud: Type.Optional(Type.String()),
  /**
   * How the user signed in (RFC 8176): `["pwd", "otp"]` on every token of a session begun with a
   * password and a second factor; absent on a password-only session.
   */
  amr: Type.Optional(Type.Array(Type.String())),
  /** With cookie transport: the value an unsafe request must echo in `X-CSRF-TOKEN`. */
  csrf: Type.Optional(Type.String()),
};

/**
 * Claims of an access token. `fresh` is true only when issued straight from a password login.
 * Additional claims are allowed and kept.
 */
export const AccessClaimsSchema = Type.Object(
  { ...registered, type: Type.Literal("access"), fresh: Type.Boolean() },
  { additionalProperties: true },
);
/** Claims of a refresh token: never accepted where an access token is expected. */
export const RefreshClaimsSchema = Type.Object(
  { ...registered, type: Type.Literal("refresh") },
  { additionalProperties: true },
);

/** Access token claims, with room for additional claims of type `Extra`. */
export type AccessClaims<Extra extends object = Record<string, unknown>> = Static<typeof AccessClaimsSchema> & Extra;
/** Refresh token claims. */
export type RefreshClaims = Static<typeof RefreshClaimsSchema>;
/** Either kind of token's claims. */
export type TokenClaims = AccessClaims | RefreshClaims;
/** The two kinds of token. */
export type TokenType = TokenClaims["type"];
