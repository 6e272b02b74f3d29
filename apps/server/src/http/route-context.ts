import type { Config } from "../config/config.ts";
import type { Clock } from "../clock.ts";
import type { RevocationStore } from "../revocation/revocation-store.ts";
import type { SessionStore } from "../sessions/session-store.ts";
import type { AuditLog } from "../logging/audit-log.ts";
import type { Throttles } from "../throttle/throttles.ts";
import type { AuthenticateToken } from "../tokens/authenticate-token.ts";
import type { TokenIssuer } from "../tokens/issue-token.ts";
import type { SigningKey } from "../tokens/signing-key.ts";
import type { VerifyToken } from "../tokens/verify-token.ts";
import type { PasswordHasher } from "../users/password-hasher.ts";
import type { UserStore } from "../users/user-store.ts";
import type { authPlugin } from "./auth-plugin.ts";

/** What route modules are built from: the configuration, the stores and the guard. */
export interface RouteContext {
  config: Config;
  clock: Clock;
  users: UserStore;
  passwords: PasswordHasher;
  tokens: TokenIssuer;
  signingKey: SigningKey;
  verifyToken: VerifyToken;
  authenticate: AuthenticateToken;
  throttles: Throttles;
  audit: AuditLog;
  revocations: RevocationStore;
  sessions: SessionStore;
  auth: ReturnType<typeof authPlugin>;
  /** Stores `/health` reports on, by name. */
  healthChecks: Record<string, () => Promise<void>>;
}
