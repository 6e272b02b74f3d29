import { AccessClaimsSchema, RefreshClaimsSchema, type TokenClaims, type TokenType } from "@jot/shared";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { ValueErrorType } from "@sinclair/typebox/errors";
import { JotError } from "../errors/jot-error.ts";
import type { TokenSettings } from "./token-settings.ts";

const validators = {
  access: TypeCompiler.Compile(AccessClaimsSchema),
  refresh: TypeCompiler.Compile(RefreshClaimsSchema),
};

/**
 * Checks a verified payload's claims, in this order: presence and JSON types (S-7),
 * issuer and audience, time (S-8), then the kind of token the route expects (S-9).
 * `nowSeconds` may be fractional. `typesChecked` skips the first two for a payload whose exact bytes
 * passed them before (the verified-token cache).
 */
export function checkClaims(
  payload: Record<string, unknown>,
  expected: TokenType,
  settings: TokenSettings,
  nowSeconds: number,
  typesChecked = false,
): TokenClaims {
  const type = payload.type;
  if (!typesChecked) checkTypes(payload, settings);
  const claims = payload as TokenClaims;

  if (settings.issuer !== undefined && claims.iss !== settings.issuer) throw invalidClaim(payload, "iss");
  if (settings.audience !== undefined && claims.aud !== settings.audience) throw invalidClaim(payload, "aud");

  const leeway = settings.leewaySeconds;
  if (!(nowSeconds < claims.exp + leeway)) throw new JotError("token_expired");
  if (settings.maxTokenAgeSeconds !== undefined && nowSeconds - claims.iat > settings.maxTokenAgeSeconds + leeway) {
    throw new JotError("token_expired", "Token is too old");
  }
  if (claims.nbf > nowSeconds + leeway) throw new JotError("token_not_yet_valid");
  if (claims.iat > nowSeconds + leeway) throw new JotError("token_not_yet_valid", "Token was issued in the future");

  if (type !== expected) {
    throw new JotError(
      "wrong_token_type",
      expected === "access" ? "Only non-refresh tokens are allowed" : "Only refresh tokens are allowed",
    );
  }
  return claims;
}

/** Presence and JSON types of the claims (S-7), and the claims the configuration requires. */
function checkTypes(payload: Record<string, unknown>, settings: TokenSettings): void {
  const type = payload.type;
  if (type !== "access" && type !== "refresh") throw invalidClaim(payload, "type");
  const validator = validators[type];
  if (!validator.Check(payload)) throw firstClaimError(validator, payload);
  for (const name of settings.requiredClaims ?? []) {
    if (!Object.hasOwn(payload, name)) throw invalidClaim(payload, name, true);
  }
}

function firstClaimError(validator: (typeof validators)[TokenType], payload: Record<string, unknown>): JotError {
  const error = validator.Errors(payload).First();
  const name = error?.path.split("/")[1] ?? "claims";
  return invalidClaim(payload, name, error?.type === ValueErrorType.ObjectRequiredProperty);
}

function invalidClaim(payload: Record<string, unknown>, name: string, missing = !Object.hasOwn(payload, name)): JotError {
  return new JotError("invalid_token", missing ? `Missing claim: ${name}` : `Invalid claim: ${name}`);
}
