import { logLine } from "@jot/elysia/server";

/** The auth events jot records. */
export type AuditEvent =
  | "register"
  | "register_throttled"
  | "login_ok"
  | "login_failed"
  | "login_throttled"
  | "refresh"
  | "refresh_failed"
  | "refresh_throttled"
  | "refresh_reuse_detected"
  | "refresh_grace"
  | "session_limit_reached"
  | "logout"
  | "logout_everywhere"
  | "session_revoked"
  | "password_changed"
  | "password_change_failed"
  | "password_change_throttled"
  | "password_reset_requested"
  | "password_reset_throttled"
  | "password_reset"
  | "password_reset_failed"
  | "email_set"
  | "email_throttled"
  | "email_verified"
  | "email_verify_failed"
  | "login_mfa_required"
  | "mfa_verified"
  | "mfa_failed"
  | "mfa_throttled"
  | "mfa_enrolment_started"
  | "mfa_enabled"
  | "mfa_disabled"
  | "admin_action"
  | "passkey_added"
  | "passkey_register_failed"
  | "passkey_removed"
  | "passkey_login_ok"
  | "passkey_login_failed"
  | "passkey_clone_detected";

/** What an event may say. Never a token, a password or a key: there is no field for one. */
export interface AuditFields {
  user_id?: string;
  session_id?: string;
  address?: string;
  /** The error code a failure was answered with. */
  code?: string;
  /** `admin_action`: what an admin did (`users disable`, …) and who they are (see `audited-admin.ts`). */
  action?: string;
  actor_id?: string;
  /** A second factor's events: which one was presented. */
  method?: "totp" | "recovery_code";
  /** The passkey's credential id (public: it names the key, never proves it). */
  passkey_id?: string;
  /** Why a passkey ceremony was refused (`PasskeyRefusalReason`), or why a passkey was removed (`PasskeyRemovalReason`). */
  reason?: string;
}

/** Records an auth event for a request. */
export type AuditLog = (event: AuditEvent, request: Request, fields?: AuditFields) => void;

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The request's `X-Request-Id` when it is a plain id, or a new one: a client cannot inject text into a log line. */
export function requestIdOf(request: Request): string {
  const given = request.headers.get("x-request-id");
  return given !== null && SAFE_REQUEST_ID.test(given) ? given : crypto.randomUUID();
}

/**
 * Writes each event as one JSON line: `{"time","level":"info","event","request_id",…fields}`.
 * @example jsonLinesAuditLog((line) => process.stdout.write(`${line}\n`), Date.now)
 */
export function jsonLinesAuditLog(write: (line: string) => void, clock: () => number): AuditLog {
  return (event, request, fields = {}) => write(auditLine(clock(), event, requestIdOf(request), fields));
}

/**
 * One audit event as its JSON line, for work that is not a request (the admin command on the
 * database): `requestId` then names that run of it.
 */
export function auditLine(time: number, event: AuditEvent, requestId: string, fields: AuditFields = {}): string {
  const level = event.endsWith("_failed") || event.endsWith("_throttled") || event === "refresh_reuse_detected" || event === "passkey_clone_detected" ? "warn" : "info";
  return logLine(time, level, event, { request_id: requestId, ...fields });
}
