import type { AuditLog } from "../logging/audit-log.ts";
import type { Metrics } from "./metrics.ts";

/**
 * The audit log, also counting logins, refreshes, second-factor checks and passkey ceremonies by
 * outcome, and password resets requested and completed: every outcome is already an audit event,
 * so the counters follow the log and cannot drift from it.
 */
export function countingAudit(audit: AuditLog, metrics: Metrics): AuditLog {
  return (event, request, fields) => {
    audit(event, request, fields);
    switch (event as string) {
      case "login_ok":
        return metrics.logins.inc({ outcome: "ok" });
      case "login_failed":
        return metrics.logins.inc({ outcome: fields?.code ?? "failed" });
      case "login_throttled":
        return metrics.logins.inc({ outcome: "throttled" });
      case "refresh":
        return metrics.refreshes.inc({ outcome: "ok" });
      case "refresh_grace":
        return metrics.refreshes.inc({ outcome: "grace" });
      case "refresh_reuse_detected":
        return metrics.refreshes.inc({ outcome: "reuse_detected" });
      case "password_reset_requested":
        return metrics.passwordResetRequests.inc();
      case "password_reset":
        return metrics.passwordResets.inc();
      case "mfa_verified":
        return metrics.mfaVerifications.inc({ outcome: "ok" });
      case "mfa_failed":
        return metrics.mfaVerifications.inc({ outcome: fields?.code ?? "failed" });
      case "mfa_throttled":
        return metrics.mfaVerifications.inc({ outcome: "throttled" });
      case "passkey_added":
        return metrics.passkeys.inc({ ceremony: "register", outcome: "ok" });
      case "passkey_register_failed":
        return metrics.passkeys.inc({ ceremony: "register", outcome: fields?.reason ?? "failed" });
      case "passkey_login_ok":
        return metrics.passkeys.inc({ ceremony: "login", outcome: "ok" });
      case "passkey_login_failed":
        return metrics.passkeys.inc({ ceremony: "login", outcome: fields?.reason ?? fields?.code ?? "failed" });
      case "passkey_clone_detected":
        return metrics.passkeys.inc({ ceremony: "login", outcome: "cloned" });
    }
  };
}
