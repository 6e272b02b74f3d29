export { AccessClaimsSchema, RefreshClaimsSchema, type AccessClaims, type RefreshClaims, type TokenClaims, type TokenType } from "./claims.ts";
export { ERROR_CODES, isErrorCode, type ErrorBody, type ErrorCode } from "./error-codes.ts";
export { normalizePassword, PASSWORD_RULE, passwordPattern, withinPasswordBytes } from "./password-rule.ts";
export {
  LoginBodySchema,
  LogoutBodySchema,
  NewPasswordSchema,
  PasswordChangeBodySchema,
  PresentedPasswordSchema,
  RefreshBodySchema,
  RegisterBodySchema,
  UsernameSchema,
  type LoginBody,
  type LogoutBody,
  type PasswordChangeBody,
  type RefreshBody,
  type RegisterBody,
} from "./requests.ts";
export {
  CookieSessionSchema,
  HealthResponseSchema,
  MeResponseSchema,
  MessageResponseSchema,
  ProtectedResponseSchema,
  PublicUserSchema,
  RegisterResponseSchema,
  SessionSchema,
  SessionsResponseSchema,
  TokenPairSchema,
  type CookieSession,
  type HealthResponse,
  type MeResponse,
  type MessageResponse,
  type ProtectedResponse,
  type PublicUser,
  type RegisterResponse,
  type Session,
  type SessionsResponse,
  type TokenPair,
} from "./responses.ts";
export { ROUTES, sessionPath } from "./routes.ts";
