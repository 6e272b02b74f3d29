export { createApp, type AppDeps } from "./app.ts";
export { configuredKey } from "./config/token-options.ts";
export type { SessionClaims } from "./standalone-auth.ts";
export type { Config } from "./config/config.ts";
export { ConfigError } from "./config/config-error.ts";
export { loadConfig } from "./config/load-config.ts";
export { settleSigningSecret } from "./config/settle-signing-secret.ts";
export { openSharedRevocations, type SharedRevocationsOptions } from "@jot/stores";
export { openStores, type Stores } from "./stores.ts";
export { createPasswordHasher, type PasswordHasher } from "./users/password-hasher.ts";
export { createThreadedPasswordHasher } from "./users/threaded-password-hasher.ts";
// The plugin, as the library exports it: an app may take jot() from either package.
export {
  createAsymmetricKey,
  createHmacKey,
  HookFailure,
  jot,
  JotError,
  jsonErrors,
  MemoryRevocationStore,
  MemorySessionStore,
  systemClock,
  type AccessTokenOptions,
  type AuthMode,
  type Clock,
  type Duration,
  type ErrorLog,
  type GuardContext,
  type HookName,
  type Jot,
  type JotApi,
  type JotClaims,
  type JotErrorContext,
  type JotKeyPair,
  type JotKeySet,
  type JotOptions,
  type JsonErrorsOptions,
  type NewSession,
  type OptionalAuthMode,
  type OptionalGuardContext,
  type OptionalRoutesUseOptionalAuth,
  type RedeemedClaims,
  type Rotation,
  type SessionClaimsOf,
  type SessionRecord,
  type SessionStore,
  type SessionTokenOptions,
  type SessionTokenPair,
  type RefreshTokenOptions,
  type RevocableToken,
  type RevocationStore,
  type SigningKey,
  type TokenLocation,
  type UserRevocationMark,
} from "@jot/elysia";
