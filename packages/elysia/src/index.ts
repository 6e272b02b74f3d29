/**
 * `@jot/elysia`: JSON Web Token authentication for any Elysia app. `jot()` issues and verifies
 * tokens, guards routes (`{ auth: true | "access" | "fresh" | "refresh" | { roles, fresh, locations } }`,
 * or `{ optionalAuth: true }` where no token is fine too) and answers every refusal as JSON `{error, msg}`.
 *
 * Deliberately not exported here: the guard's pieces (reading tokens, CSRF, the error response),
 * issuing and verifying tokens outside `jot()`, and the error log's JSON lines. The standalone
 * server takes them from `@jot/elysia/server`, which makes no promise to apps; the shared SQL,
 * Postgres and Redis stores are `@jot/stores`.
 *
 * @packageDocumentation
 */

/** The plugin, its handler context and its issuing API. */
export {
  jot,
  type AccessTokenOptions,
  type GuardContext,
  type Jot,
  type JotApi,
  type OptionalGuardContext,
  type OptionalRoutesUseOptionalAuth,
  type RefreshTokenOptions,
} from "./plugin/jot.ts";
/** What `jot()` is configured with. */
export type { Duration, JotClaims, JotErrorContext, JotKeyPair, JotKeySet, JotOptions } from "./plugin/jot-options.ts";
/** What a route asks of its caller, and where a token may be read from. */
export type { AuthMode, OptionalAuthMode } from "./plugin/auth-mode.ts";
export type { TokenLocation } from "./token-location.ts";
/** JSON answers for what Elysia itself refuses, for an app that uses `jot()`. */
export { jsonErrors, type JsonErrorsOptions } from "./plugin/json-errors.ts";
/** Every refusal is a `JotError`; a failing store and a failing hook are kinds of it. */
export { JotError, type JotErrorReason } from "./errors/jot-error.ts";
export { StoreFailure } from "./errors/store-failure.ts";
export { HookFailure, type HookName } from "./errors/hook-failure.ts";
/** Revoked tokens: the interface a store implements, and the one kept in memory. */
export { MemoryRevocationStore } from "./revocation/memory-revocation-store.ts";
export { MemorySessionStore } from "./sessions/memory-session-store.ts";
export type { NewSession, Rotation, SessionRecord, SessionStore } from "./sessions/session-store.ts";
export type { RedeemedClaims, SessionClaimsOf, SessionTokenOptions, SessionTokenPair } from "./plugin/session-tokens.ts";
export type { RevocableToken, RevocationStore, UserRevocationMark } from "./revocation/revocation-store.ts";
/** One-time tokens (password resets, email verifications): `auth.oneTimeTokens`, its store and the delivery hook. */
export { OneTimeTokens, type DeliverOneTimeToken, type IssuedOneTimeToken, type OneTimeTokenDelivery, type OneTimeTokenUser, type RedeemedOneTimeToken } from "./one-time/one-time-tokens.ts";
export type { OneTimeTokenKind, OneTimeTokenRecord, OneTimeTokenStore } from "./one-time/one-time-token-store.ts";
export { MemoryOneTimeTokenStore } from "./one-time/memory-one-time-token-store.ts";
export { hashOneTimeToken } from "./one-time/one-time-token.ts";
/** Signing keys, for an app that builds its own. */
export { createAsymmetricKey, KeyPairError, type KeyPairReason, type KeyPart } from "./tokens/asymmetric-key.ts";
export { createHmacKey, type SigningKey } from "./tokens/signing-key.ts";
/** Time and failure logging an app may replace. */
export { systemClock, type Clock } from "./clock.ts";
export type { ErrorLog } from "./logging/error-log.ts";
/** Passkeys (WebAuthn) for an app's own routes: the ceremonies, the stores they use, the policy they pin. */
export { passkeyCeremony, type PasskeyCeremony } from "./passkeys/passkey-ceremony.ts";
export type { PasskeyCeremonyOptions, PasskeyUser, RelyingParty } from "./passkeys/passkey-ceremony-options.ts";
export type { LoginAnswer, LoginOptions } from "./passkeys/login-ceremony.ts";
export type { RegistrationAnswer, RegistrationOptions } from "./passkeys/registration-ceremony.ts";
export { PasskeyRefusal, type PasskeyRefusalReason } from "./passkeys/passkey-refusal.ts";
export { PASSKEY_ALGORITHMS, PASSKEY_AMR } from "./passkeys/passkey-policy.ts";
export type { PasskeyDeviceType, PasskeyStore, PasskeyUse, StoredPasskey } from "./passkeys/passkey-store.ts";
export type { ChallengePurpose, PasskeyChallenge, PasskeyChallengeStore } from "./passkeys/challenge-store.ts";
export { MemoryPasskeyStore } from "./passkeys/memory-passkey-store.ts";
export { MemoryChallengeStore } from "./passkeys/memory-challenge-store.ts";
