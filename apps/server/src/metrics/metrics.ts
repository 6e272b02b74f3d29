import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { RevocationStore } from "@jot/elysia/server";

/** What the metrics read at scrape time. */
export interface MetricsSources {
  /** The stores `/health` reports on: each scrape asks them, for `jot_store_up`. */
  healthChecks: Record<string, () => Promise<void>>;
  /** Asked for its in-memory mirror's size and lag, where it tells them. */
  revocations: RevocationStore;
}

/** A revocation store that may tell how big its in-memory mirror is and how far behind it runs. */
interface MirrorAccessors {
  mirrorSize?: () => number;
  mirrorLagSeconds?: () => number;
}

/** Request durations, in seconds: most answers take a millisecond, a password hash tens of them. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** jot's Prometheus metrics, in a registry of their own (never prom-client's global one). */
export interface Metrics {
  readonly registry: Registry;
  readonly logins: Counter<"outcome">;
  readonly refreshes: Counter<"outcome">;
  /** Second-factor checks (login, turning on, turning off), by outcome. */
  readonly mfaVerifications: Counter<"outcome">;
  /** Passkey ceremonies by kind (`register`, `login`) and outcome (`ok`, or the refusal's reason). */
  readonly passkeys: Counter<"ceremony" | "outcome">;
  readonly refusals: Counter<"code">;
  readonly revocations: Counter<"kind">;
  readonly storeErrors: Counter<"store">;
  /** `POST /auth/password/forgot` requests answered, whether or not the user exists. */
  readonly passwordResetRequests: Counter;
  /** Passwords set with a reset token. */
  readonly passwordResets: Counter;
  /** Records how long a request to `route` took. */
  observeRequest(method: string, route: string, seconds: number): void;
}

/**
 * Creates the metrics. Counters are fed by the audit log, the error log, the one error path and the
 * revocation store (`counting-audit.ts`, `counting-error-log.ts`, `app.ts`, `counting-revocations.ts`)
 * and by `request-timing.ts`; gauges are read at scrape.
 */
export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const logins = new Counter({ name: "jot_logins_total", help: "Password logins, by outcome (ok, bad_credentials, throttled)", labelNames: ["outcome"], registers });
  const refreshes = new Counter({ name: "jot_refreshes_total", help: "Refresh-token redemptions, by outcome (ok, reuse_detected, grace)", labelNames: ["outcome"], registers });
  const passkeys = new Counter({
    name: "jot_passkey_ceremonies_total",
    help: "Passkey registrations and logins, by ceremony (register, login) and outcome (ok, challenge, unknown_credential, verification, cloned, flagged, duplicate, account_disabled)",
    labelNames: ["ceremony", "outcome"],
    registers,
  });
  const mfaVerifications = new Counter({
    name: "jot_mfa_verifications_total",
    help: "Second-factor codes and recovery codes checked, by outcome (ok, invalid_code, throttled)",
    labelNames: ["outcome"],
    registers,
  });
  const refusals = new Counter({ name: "jot_refusals_total", help: "Requests answered with an error, by error code (the guard's refusals are the token codes)", labelNames: ["code"], registers });
  const revocations = new Counter({ name: "jot_revocations_total", help: "Revocations written, by kind (token, session, user)", labelNames: ["kind"], registers });
  const storeErrors = new Counter({ name: "jot_store_errors_total", help: "Store operations that could not reach their store, by store", labelNames: ["store"], registers });
  const passwordResetRequests = new Counter({ name: "jot_password_reset_requests_total", help: "Password reset requests answered (whether or not the user exists)", registers });
  const passwordResets = new Counter({ name: "jot_password_resets_total", help: "Passwords set with a reset token", registers });
  const duration = new Histogram({
    name: "jot_http_request_duration_seconds",
    help: "Time to answer a request, by method and route (unmatched: no route)",
    labelNames: ["method", "route"],
    buckets: DURATION_BUCKETS,
    registers,
  });
  new Gauge({
    name: "jot_store_up",
    help: "1 when the store answers a ping at scrape time, 0 during an outage",
    labelNames: ["store"],
    registers,
    async collect() {
      await Promise.all(
        Object.entries(sources.healthChecks).map(([store, check]) =>
          check().then(() => this.set({ store }, 1), () => this.set({ store }, 0)),
        ),
      );
    },
  });
  registerMirrorGauges(sources.revocations as RevocationStore & MirrorAccessors, registry);

  // Zeroes from the start, so a rate over the first scrape is defined.
  for (const outcome of ["ok", "bad_credentials", "throttled"]) logins.inc({ outcome }, 0);
  for (const outcome of ["ok", "reuse_detected", "grace"]) refreshes.inc({ outcome }, 0);
  for (const outcome of ["ok", "invalid_code", "throttled"]) mfaVerifications.inc({ outcome }, 0);
  for (const store of Object.keys(sources.healthChecks)) storeErrors.inc({ store }, 0);

  // One labelled child per route, kept: observing allocates nothing per request.
  const children = new Map<string, Histogram.Internal<"method" | "route">>();
  return {
    registry,
    logins,
    refreshes,
    mfaVerifications,
    passkeys,
    refusals,
    revocations,
    storeErrors,
    passwordResetRequests,
    passwordResets,
    observeRequest(method, route, seconds) {
      const key = `${method} ${route}`;
      let child = children.get(key);
      if (child === undefined) {
        child = duration.labels(method, route);
        children.set(key, child);
      }
      child.observe(seconds);
    },
  };
}

/** Mirror gauges only for a store that tells them: a store without a mirror has nothing to report. */
function registerMirrorGauges(store: RevocationStore & MirrorAccessors, registry: Registry): void {
  const { mirrorSize, mirrorLagSeconds } = store;
  if (typeof mirrorSize === "function") {
    new Gauge({ name: "jot_revocation_mirror_entries", help: "Entries in this instance's in-memory revocation mirror", registers: [registry], collect() {
      this.set(mirrorSize.call(store));
    } });
  }
  if (typeof mirrorLagSeconds === "function") {
    new Gauge({ name: "jot_revocation_mirror_lag_seconds", help: "How far this instance's revocation mirror runs behind its store", registers: [registry], collect() {
      this.set(mirrorLagSeconds.call(store));
    } });
  }
}
