import { Type } from "@sinclair/typebox";

/** One public key of `GET /.well-known/jwks.json` (RFC 7517): what a verifier needs, never a private part. */
export const PublicJwkSchema = Type.Object(
  {
    kty: Type.String(),
    kid: Type.Optional(Type.String()),
    alg: Type.Optional(Type.String()),
    use: Type.Optional(Type.String()),
    crv: Type.Optional(Type.String()),
    x: Type.Optional(Type.String()),
    y: Type.Optional(Type.String()),
    n: Type.Optional(Type.String()),
    e: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** `GET /.well-known/jwks.json` → 200 */
export const JwksResponseSchema = Type.Object({ keys: Type.Array(PublicJwkSchema) });
