import { ROUTES } from "@jot/shared";
import { Elysia } from "elysia";
import { AdminService } from "./admin/admin-service.ts";
import type { Config } from "./config/config.ts";
import type { Database } from "@jot/stores";
import {
  allowedMethodsFinder,
  answerFailure,
  type Clock,
  cookieTransport,
  type DeliverOneTimeToken,
  type ErrorLog,
  errorResponse,
  type ErrorResponseExtras,
  type JotError,
  MemoryChallengeStore,
  MemoryPasskeyStore,
  type OneTimeTokenStore,
  type PasskeyChallengeStore,
  type PasskeyStore,
  type RevocationStore,
  type SessionStore,
  stdoutErrorLog,
} from "@jot/elysia/server";
import { requestGate } from "./http/request-gate.ts";
import { readBody, readBodyOrRefusal } from "./http/read-body.ts";
import type { RouteContext } from "./http/route-context.ts";
import { adminRoute, adminTokenCaller } from "./http/routes/admin.ts";
import { localAdminApp } from "./local-admin/local-admin-app.ts";
import { healthRoute } from "./http/routes/health.ts";
import { jwksRoute } from "./http/routes/jwks.ts";
import { loginRoute } from "./http/routes/login.ts";
import { logoutRoute } from "./http/routes/logout.ts";
import { meRoute } from "./http/routes/me.ts";
import { passwordRoute } from "./http/routes/password.ts";
import { passwordForgotRoute } from "./http/routes/password-forgot.ts";
import { passwordResetRoute } from "./http/routes/password-reset.ts";
import { emailRoute } from "./http/routes/email.ts";
import { BackgroundWork } from "./http/background-work.ts";
import type { SendAccountNotice } from "./delivery/account-notice.ts";
import { deliveryFor, noticesFor } from "./delivery/delivery-for.ts";
import { passkeyRoutes } from "./http/routes/passkeys/passkey-routes.ts";
import { PasskeyChanges } from "./passkeys/passkey-changes.ts";
import { passkeyService } from "./passkeys/passkey-service.ts";
import { protectedRoute } from "./http/routes/protected.ts";
import { refreshRoute } from "./http/routes/refresh.ts";
import { registerRoute } from "./http/routes/register.ts";
import { sessionsRoute } from "./http/routes/sessions.ts";
import { standaloneAuth } from "./standalone-auth.ts";
import { jsonLinesAuditLog, type AuditLog } from "./logging/audit-log.ts";
import type { CounterStore } from "./throttle/counter-store.ts";
import { createThrottles } from "./throttle/throttles.ts";
import { openapiDocs } from "./openapi/openapi-docs.ts";
import type { ListedRoute } from "./openapi/route-parameters.ts";
import { countingAudit } from "./metrics/counting-audit.ts";
import { countingErrorLog } from "./metrics/counting-error-log.ts";
import { countingRevocations } from "./metrics/counting-revocations.ts";
import { createMetrics, type Metrics } from "./metrics/metrics.ts";
import { metricsRoute } from "./metrics/metrics-route.ts";
import { requestTiming } from "./metrics/request-timing.ts";
import { limitPasswordWork } from "./users/limited-password-hasher.ts";
import type { PasswordHasher } from "./users/password-hasher.ts";
import type { UserStore } from "./users/user-store.ts";
import { mfaKeyMaterial } from "./config/settle-mfa-key.ts";
import { MfaService } from "./mfa/mfa-service.ts";
import type { MfaStore } from "./mfa/mfa-store.ts";
import { secretBox } from "./mfa/secret-box.ts";
import { mfaTotpRoute } from "./http/routes/mfa-totp.ts";
import { mfaVerifyRoute } from "./http/routes/mfa-verify.ts";

/** The stores and services the app is built on; passed in so tests control them. */
export interface AppDeps {
  clock: Clock;
  users: UserStore;
  /** Second factors (TOTP). */
  mfa: MfaStore;
  passwords: PasswordHasher;
  revocations: RevocationStore;
  sessions: SessionStore;
  /** Throttling counters (S-17). */
  counters: CounterStore;
  /** Password-reset and email-verification tokens, by hash (S-32); in memory when not given. */
  oneTimeTokens?: OneTimeTokenStore;
  /** Where those tokens are sent; by default the channel the configuration names (`delivery-for.ts`). */
  deliver?: DeliverOneTimeToken;
  /** Where notices of account changes go; by default mail when the configuration has it (`noticesFor`). */
  notify?: SendAccountNotice;
  /** Work done after the answer (a reset's lookup and delivery); made here when not given. */
  background?: BackgroundWork;
  /** Where auth events go; JSON lines on stdout by default. */
  audit?: AuditLog;
  /** Stores `/health` reports on, by name. */
  healthChecks: Record<string, () => Promise<void>>;
  /** Where unexpected errors and store failures are reported; JSON lines on stdout by default. */
  logError?: ErrorLog;
  /** The metrics `/metrics` serves when `METRICS=on`; made here when not given. */
  metrics?: Metrics;
  /** Users' passkeys and ceremony challenges; in memory when not given. */
  passkeys?: PasskeyStore;
  passkeyChallenges?: PasskeyChallengeStore;
  /** The database under the stores: with it, the admin API (`/admin/…`) is served. */
  database?: Database;
}

/**
 * Routes whose body is refused only after the guard has run and the handler has acted: a logout
 * ends the caller's session whatever else the request carries (S-28).
 */
const BODY_REFUSED_AFTER_GUARD: ReadonlySet<string> = new Set([ROUTES.logout]);

/**
 * Builds the jot Elysia app: every route, the guard, JSON errors for every failure.
 * Reads no environment, writes no file and listens nowhere; `main.ts` does that. The config has
 * its signing key: without `JWT_SECRET_KEY`, `settleSigningSecret(loadConfig(env))` finds or makes
 * the development key, as `bun run start` does before it opens any store; a config without a key
 * is a `TypeError`.
 */
export function createApp(config: Config, appDeps: AppDeps) {
  return createServerApps(config, appDeps).app;
}

/**
 * The app ({@link createApp}) and, with a database, the admin API for the server's local socket
 * on the same services: `localAdmin(operator)` answers it for the operator the socket admits.
 */
export function createServerApps(config: Config, appDeps: AppDeps) {
  // Production without MFA_ENCRYPTION_KEY is refused here, before any route is built.
  const mfaKey = mfaKeyMaterial(config);
  const metrics = config.metrics.enabled ? (appDeps.metrics ?? createMetrics(appDeps)) : undefined;
  // With metrics on, revocations are counted as they are written, logins and refreshes as they are
  // audited, and store failures as they are logged.
  const deps = metrics ? { ...appDeps, revocations: countingRevocations(appDeps.revocations, metrics) } : appDeps;
  const audit = deps.audit ?? jsonLinesAuditLog((line) => console.log(line), deps.clock);
  const givenLog = deps.logError ?? stdoutErrorLog;
  const logError = metrics ? countingErrorLog(givenLog, metrics) : givenLog;
  const background = deps.background ?? new BackgroundWork(logError);
  const channel = deps.deliver ?? deliveryFor(config, deps.clock);
  // Deliveries count as background work, so waiting for it waits for them too.
  const deliver: DeliverOneTimeToken | undefined = channel && ((delivery) => background.track(Promise.resolve(channel(delivery))));
  const auth = standaloneAuth(config, { ...deps, ...(deliver ? { deliver } : {}) }, logError);
  const throttles = createThrottles(deps.counters, config);
  const auditLog = metrics ? countingAudit(audit, metrics) : audit;
  const passkeyStore = deps.passkeys ?? new MemoryPasskeyStore();
  const context: RouteContext = {
    config,
    clock: deps.clock,
    users: deps.users,
    passwords: limitPasswordWork(deps.passwords, config.passwordWork),
    revocations: deps.revocations,
    sessions: deps.sessions,
    sessionService: auth.sessions,
    tokens: auth.tokens,
    throttles,
    audit: auditLog,
    auth,
    healthChecks: deps.healthChecks,
    logError,
    passkeys: passkeyService(config.webauthn, { passkeys: passkeyStore, challenges: deps.passkeyChallenges ?? new MemoryChallengeStore(), clock: deps.clock }),
    passkeyChanges: new PasskeyChanges({ store: passkeyStore, users: deps.users, audit: auditLog, clock: deps.clock, background, notify: deps.notify ?? noticesFor(config) }),
    background,
    mfa: new MfaService({ store: deps.mfa, box: secretBox(mfaKey), clock: deps.clock, throttle: throttles.mfaByAccount, audit: auditLog, issuer: config.mfa.issuer }),
  };
  let allowedMethods: ((path: string) => string[]) | undefined;

  const corsOrigins = new Set(config.corsOrigins);
  const cookiesCarryTokens = cookieTransport(config.jwt.tokenLocations);

  /** Every failure is answered here, and counted by code. */
  const answer = (error: JotError, extras?: ErrorResponseExtras) => {
    metrics?.refusals.inc({ code: error.code });
    return errorResponse(error, extras);
  };

  // The document lists the parameters of the app's routes, known once the app is built.
  const appRoutes = (): readonly ListedRoute[] => app.routes;
  const app = new Elysia({ name: "jot" })
    .use(metrics ? requestTiming(metrics) : new Elysia({ name: "jot-request-timing-off" }))
    .onRequest(requestGate(corsOrigins, cookiesCarryTokens))
    .onParse(({ request, route }) => {
      const read = BODY_REFUSED_AFTER_GUARD.has(route) ? readBodyOrRefusal : readBody;
      return read(request, config.maxBodyBytes);
    })
    .onError(({ code, error, request }) => {
      const methodsAt = (path: string) => (allowedMethods ??= allowedMethodsFinder(app.routes))(path);
      return answerFailure(code, error, request, { logError, methodsAt, refuse: answer });
    })
    .use(openapiDocs(config, appRoutes))
    .use(registerRoute(context))
    .use(loginRoute(context))
    .use(mfaVerifyRoute(context))
    .use(mfaTotpRoute(context))
    .use(refreshRoute(context))
    .use(logoutRoute(context))
    .use(sessionsRoute(context))
    .use(passwordRoute(context))
    .use(passkeyRoutes(context))
    .use(passwordForgotRoute(context))
    .use(passwordResetRoute(context))
    .use(emailRoute(context))
    .use(meRoute(context))
    .use(protectedRoute(context))
    .use(healthRoute(context))
    .use(jwksRoute(context))
    .use(metrics ? metricsRoute(metrics, config.metrics.token) : new Elysia());
  if (deps.database) {
    const admin = new AdminService({
      stores: { ...deps, database: deps.database, passkeys: passkeyStore },
      passwords: deps.passwords,
      clock: deps.clock,
      config,
      sessionService: context.sessionService,
      authenticate: (token, type) => auth.authenticate(token, type),
      oneTimeTokens: auth.oneTimeTokens,
      background,
      ...(deps.notify ? { notify: deps.notify } : {}),
    });
    app.use(adminRoute(adminTokenCaller(context), context.audit, admin));
    const localAdmin = (operator: string) => localAdminApp({ admin, audit: context.audit, logError, maxBodyBytes: config.maxBodyBytes, operator });
    return { app, localAdmin };
  }
  return { app, localAdmin: undefined };
}
