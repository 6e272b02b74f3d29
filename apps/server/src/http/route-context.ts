import type { PublicUser } from "@jot/shared";
import type { Config } from "../config/config.ts";
import type { Clock, ErrorLog, Jot, RevocationStore, SessionService, SessionStore, TokenIssuer } from "@jot/elysia/server";
import type { AuditLog } from "../logging/audit-log.ts";
import type { BackgroundWork } from "./background-work.ts";
import type { MfaService } from "../mfa/mfa-service.ts";
import type { Throttles } from "../throttle/throttles.ts";
import type { QueuedPasswordHasher } from "../users/limited-password-hasher.ts";
import type { UserStore } from "../users/user-store.ts";
import type { SessionClaims } from "../standalone-auth.ts";
import type { PasskeyChanges } from "../passkeys/passkey-changes.ts";
import type { PasskeyService } from "../passkeys/passkey-service.ts";

/** What route modules are built from: the configuration, the stores and the guard. */
export interface RouteContext {
  config: Config;
  clock: Clock;
  users: UserStore;
  /** Password work behind the instance's bounded queue (S-27), clean work first (S-33). */
  passwords: QueuedPasswordHasher;
  tokens: TokenIssuer;
  throttles: Throttles;
  audit: AuditLog;
  revocations: RevocationStore;
  sessions: SessionStore;
  /** Ends sessions: the sessions table and the revocation store together. */
  sessionService: SessionService;
  /** The public `jot()` plugin the routes are guarded by. */
  auth: Jot<SessionClaims, PublicUser>;
  /** Stores `/health` reports on, by name. */
  healthChecks: Record<string, () => Promise<void>>;
  /** Where unexpected errors and store failures are reported. */
  logError: ErrorLog;
  /** The passkey ceremonies and store; `undefined` when passkeys are off (`WEBAUTHN_*`). */
  passkeys: PasskeyService | undefined;
  /** Passkeys added and removed, audited and told to their owner; there whether or not passkeys are on. */
  passkeyChanges: PasskeyChanges;
  /** Work done after the answer (a reset's lookup and delivery), so its duration tells nothing. */
  background: BackgroundWork;
  /** The TOTP second factor. */
  mfa: MfaService;
}
