import type { AccessClaims, RefreshClaims, TokenType } from "@jot/shared";
import { JotError } from "../errors.ts";
import type { RevocationStore } from "../revocation/revocation-store.ts";
import type { VerifyToken } from "./verify-token.ts";

type ClaimsOf<Type extends TokenType> = Type extends "access" ? AccessClaims : RefreshClaims;

/** Verifies a token and then checks the revocation list: the whole of "is this token good?". */
export type AuthenticateToken = <Type extends TokenType>(token: string, expected: Type) => ClaimsOf<Type> | Promise<ClaimsOf<Type>>;

/**
 * Revocation is checked last (S-10), after signature, claims and type. It stays synchronous
 * when the store answers from memory, so the hot path allocates no promise.
 */
export function createTokenAuthenticator(verify: VerifyToken, revocations: RevocationStore): AuthenticateToken {
  return <Type extends TokenType>(token: string, expected: Type) => {
    const claims = verify(token, expected) as ClaimsOf<Type>;
    const revoked = revocations.isRevoked(claims);
    if (revoked === false) return claims;
    if (revoked === true) throw new JotError("token_revoked");
    return revoked.then((isRevoked) => {
      if (isRevoked) throw new JotError("token_revoked");
      return claims;
    });
  };
}
