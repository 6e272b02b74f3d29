export { AuthError, isAuthError, type AuthErrorCode, type AuthErrorInit, type ClientErrorCode } from "./auth-error.ts";
export { type FetchFunction } from "./api-client.ts";
export {
  type AccessClaims,
  type AuthMeResponse,
  type ForgotPasswordBody,
  type LoginBody,
  type MessageResponse,
  type MfaRequired,
  type PasskeyCreatedResponse,
  type ProtectedResponse,
  type RegisterBody,
  type RegisterResponse,
  type ResetPasswordBody,
  type SecondFactor,
} from "./contract-types.ts";
export {
  createAuthClient,
  DEFAULT_STORAGE_KEY,
  type AuthClient,
  type AuthClientOptions,
} from "./create-auth-client.ts";
export { documentCookies, type CookieReader } from "./csrf-cookie.ts";
export { type AuthChangeEvent, type AuthChangeListener } from "./events.ts";
export { webLocks, type LockFunction } from "./refresh-lock.ts";
export { REFRESH_LEAD_MS, timerScheduler, type Scheduler } from "./refresh-timer.ts";
export { decodeAccessClaims, type AuthSession } from "./session.ts";
export {
  localStorageStorage,
  type LocalStorageStorageOptions,
  type StorageEventTargetLike,
  type WebStorageLike,
} from "./storage/local-storage.ts";
export { memoryStorage } from "./storage/memory-storage.ts";
export { type AuthStorage } from "./storage/storage.ts";
export { toAuthError } from "./to-auth-error.ts";
export { type PasskeyLoginOptions } from "./passkeys/passkey-ceremonies.ts";
