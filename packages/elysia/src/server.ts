/**
 * What the standalone jot server and the shared stores build on, beyond the public entry: the guard's
 * pieces, token issuing and verifying, keys, durations and the error log. Not a stable API for apps.
 *
 * @packageDocumentation
 */

export { type Clock, systemClock } from "./clock.ts";
export { checkDuration, type DurationBounds, parseDuration } from "./duration.ts";
export { JotError, type JotErrorReason } from "./errors/jot-error.ts";
export { orUnavailable, StoreFailure } from "./errors/store-failure.ts";
export { allowedMethodsFinder } from "./guard/allowed-methods.ts";
export { answerFailure, answerRefusal, type FailureAnswering } from "./guard/answer-failure.ts";
export { cookieNames, type CookieNames, CSRF_HEADER, readCookie, tokenCookieName } from "./guard/cookie-names.ts";
export { isSafeMethod } from "./guard/csrf.ts";
export { errorResponse, type ErrorResponseExtras } from "./guard/error-response.ts";
export { answerFrameworkError } from "./guard/framework-errors.ts";
export { guardRefusals, REJECTED_TOKEN_CODES, type RefusingHooks } from "./guard/guard-refusals.ts";
export { isJsonRequest, mediaTypeOf } from "./guard/media-type.ts";
export { JSON_TOKEN_FIELDS, QUERY_TOKEN_PARAMETER, readAuthorizationHeader } from "./guard/read-token.ts";
export { type ErrorLog, jsonLinesErrorLog, stdoutErrorLog } from "./logging/error-log.ts";
export { logLine } from "./logging/log-line.ts";
export { type AuthMode, authRequirement } from "./plugin/auth-mode.ts";
export { HookFailure, type HookName } from "./errors/hook-failure.ts";
export { type Duration, type JotClaims, type JotErrorContext, type JotKeyPair, type JotKeySet, type JotOptions, MAX_LEEWAY_SECONDS } from "./plugin/jot-options.ts";
export { type AccessTokenOptions, type GuardContext, type Jot, jot, type JotApi, type RefreshTokenOptions } from "./plugin/jot.ts";
export { jsonErrors, type JsonErrorsOptions } from "./plugin/json-errors.ts";
export { sessionPolicyOf, type SessionOptions } from "./plugin/session-policy.ts";
export { MemoryRevocationStore } from "./revocation/memory-revocation-store.ts";
export { hashOneTimeToken, newOneTimeToken, sameTokenHash } from "./one-time/one-time-token.ts";
export { MemoryOneTimeTokenStore } from "./one-time/memory-one-time-token-store.ts";
export type { OneTimeTokenKind, OneTimeTokenRecord, OneTimeTokenStore } from "./one-time/one-time-token-store.ts";
export { type DeliverOneTimeToken, type IssuedOneTimeToken, type OneTimeTokenDelivery, OneTimeTokens, type OneTimeTokenUser, type RedeemedOneTimeToken } from "./one-time/one-time-tokens.ts";
export { pruneHorizon, revokedUntil } from "./revocation/revocation-horizon.ts";
export { markCovers, type RevocableToken, type RevocationStore, type UserRevocationMark } from "./revocation/revocation-store.ts";
export { MemorySessionStore } from "./sessions/memory-session-store.ts";
export { type Redemption, type SessionPolicy, SessionService, type SignRefresh } from "./sessions/session-service.ts";
export type { NewSession, Rotation, SessionRecord, SessionStore } from "./sessions/session-store.ts";
export type { RedeemedClaims, SessionClaimsOf, SessionTokenOptions, SessionTokenPair } from "./plugin/session-tokens.ts";
export { cookieTransport, isTokenLocation, TOKEN_LOCATIONS, type TokenLocation } from "./token-location.ts";
export { type Algorithm, ASYMMETRIC_ALGORITHMS, type AsymmetricAlgorithm, HMAC_ALGORITHMS, type HmacAlgorithm, hmacSecretProblem, isAsymmetricAlgorithm, isHmacAlgorithm } from "./tokens/algorithms.ts";
export { createAsymmetricKey, KeyPairError, type KeyPairReason, type KeyPart } from "./tokens/asymmetric-key.ts";
export { decodeJsonObjectSegment, isBase64UrlSegment } from "./tokens/base64url.ts";
export { checkClaims } from "./tokens/check-claims.ts";
export { generateKey } from "./tokens/generate-key.ts";
export { createTokenIssuer, type IssuedToken, type TokenIssuer, type TokenSubject } from "./tokens/issue-token.ts";
export { isLowS } from "./tokens/low-s.ts";
export { constantTimeEqual, createHmacKey, type SigningKey } from "./tokens/signing-key.ts";
export type { TokenSettings } from "./tokens/token-settings.ts";
export { createTokenVerifier, DEFAULT_VERIFIED_CACHE_SIZE } from "./tokens/verify-token.ts";
export { passkeyCeremony, type PasskeyCeremony } from "./passkeys/passkey-ceremony.ts";
export type { PasskeyCeremonyOptions, PasskeyUser, RelyingParty } from "./passkeys/passkey-ceremony-options.ts";
export type { LoginAnswer, LoginOptions } from "./passkeys/login-ceremony.ts";
export type { RegistrationAnswer, RegistrationOptions } from "./passkeys/registration-ceremony.ts";
export { PasskeyRefusal, type PasskeyRefusalReason } from "./passkeys/passkey-refusal.ts";
export { DEFAULT_CHALLENGE_TTL_SECONDS, PASSKEY_ALGORITHMS, PASSKEY_AMR } from "./passkeys/passkey-policy.ts";
export type { PasskeyDeviceType, PasskeyStore, PasskeyUse, StoredPasskey } from "./passkeys/passkey-store.ts";
export type { ChallengePurpose, PasskeyChallenge, PasskeyChallengeStore } from "./passkeys/challenge-store.ts";
export { MemoryPasskeyStore } from "./passkeys/memory-passkey-store.ts";
export { MemoryChallengeStore } from "./passkeys/memory-challenge-store.ts";
