import { Elysia } from "elysia";
import type { Config } from "./config/config.ts";
import type { Clock } from "./clock.ts";
import { JotError } from "./errors.ts";
import { allowedMethodsFinder } from "./http/allowed-methods.ts";
import { authPlugin } from "./http/auth-plugin.ts";
import { corsHeaders, preflightResponse } from "./http/cors.ts";
import { errorResponse } from "./http/error-response.ts";
import { checkRequestOrigin } from "./http/origin-check.ts";
import { readBody } from "./http/read-body.ts";
import type { RouteContext } from "./http/route-context.ts";
import { healthRoute } from "./http/routes/health.ts";
import { jwksRoute } from "./http/routes/jwks.ts";
import { loginRoute } from "./http/routes/login.ts";
import { logoutRoute } from "./http/routes/logout.ts";
import { meRoute } from "./http/routes/me.ts";
import { passwordRoute } from "./http/routes/password.ts";
import { protectedRoute } from "./http/routes/protected.ts";
import { refreshRoute } from "./http/routes/refresh.ts";
import { registerRoute } from "./http/routes/register.ts";
import { sessionsRoute } from "./http/routes/sessions.ts";
import type { RevocationStore } from "./revocation/revocation-store.ts";
import type { SessionStore } from "./sessions/session-store.ts";
import { jsonLinesAuditLog, type AuditLog } from "./logging/audit-log.ts";
import type { CounterStore } from "./throttle/counter-store.ts";
import { createThrottles } from "./throttle/throttles.ts";
import { createTokenAuthenticator } from "./tokens/authenticate-token.ts";
import { createTokenIssuer } from "./tokens/issue-token.ts";
import { isHmacAlgorithm } from "./tokens/algorithms.ts";
import { createHmacKey, type SigningKey } from "./tokens/signing-key.ts";
import type { TokenSettings } from "./tokens/token-settings.ts";
import { createTokenVerifier } from "./tokens/verify-token.ts";
import type { PasswordHasher } from "./users/password-hasher.ts";
import type { UserStore } from "./users/user-store.ts";

/** The stores and services the app is built on; passed in so tests control them. */
export interface AppDeps {
  clock: Clock;
  users: UserStore;
  passwords: PasswordHasher;
  revocations: RevocationStore;
  sessions: SessionStore;
  /** Throttling counters (S-17). */
  counters: CounterStore;
  /** Where auth events go; JSON lines on stdout by default. */
  audit?: AuditLog;
  /** Stores `/health` reports on, by name. */
  healthChecks: Record<string, () => Promise<void>>;
  /** Where unexpected errors are reported; never given a token, password or body. */
  logError?: (event: string, error: unknown) => void;
}

function signingKeyOf(config: Config): SigningKey {
  if (config.jwt.signingKey) return config.jwt.signingKey;
  if (!isHmacAlgorithm(config.jwt.algorithm) || !config.jwt.secret) {
    throw new TypeError("config.jwt.secret must be set before the app is built");
  }
  return createHmacKey(config.jwt.algorithm, config.jwt.secret);
}

/** The token settings a config describes. */
export function tokenSettings(config: Config): TokenSettings {
  return {
    key: signingKeyOf(config),
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    leewaySeconds: config.jwt.leewaySeconds,
    accessTtlSeconds: config.jwt.accessTtlSeconds,
    refreshTtlSeconds: config.jwt.refreshTtlSeconds,
    csrfClaims: config.jwt.tokenLocations.includes("cookies"),
  };
}

/**
 * Builds the jot Elysia app: every route, the guard, JSON errors for every failure.
 * Reads no environment and listens nowhere; `main.ts` does that.
 */
export function createApp(config: Config, deps: AppDeps) {
  const settings = tokenSettings(config);
  const verifyToken = createTokenVerifier(settings, deps.clock, config.jwt.verifiedCacheSize);
  const authenticate = createTokenAuthenticator(verifyToken, deps.revocations);
  const context: RouteContext = {
    config,
    clock: deps.clock,
    users: deps.users,
    passwords: deps.passwords,
    revocations: deps.revocations,
    sessions: deps.sessions,
    tokens: createTokenIssuer(settings, deps.clock),
    signingKey: settings.key,
    verifyToken,
    authenticate,
    throttles: createThrottles(deps.counters, config),
    audit: deps.audit ?? jsonLinesAuditLog((line) => console.log(line), deps.clock),
    auth: authPlugin({ authenticate, tokenLocations: config.jwt.tokenLocations, secureCookies: config.jwt.cookies.secure }),
    healthChecks: deps.healthChecks,
  };
  const logError = deps.logError ?? defaultLogError;
  let allowedMethods: ((path: string) => string[]) | undefined;

  const corsOrigins = new Set(config.corsOrigins);
  const cookieTransport = config.jwt.tokenLocations.includes("cookies");

  const app = new Elysia({ name: "jot" })
    .onRequest(({ request, set }) => {
      if (corsOrigins.size === 0) return;
      const headers = corsHeaders(corsOrigins, request);
      if (headers === undefined) return;
      if (request.method === "OPTIONS") return preflightResponse(headers);
      Object.assign(set.headers, headers);
    })
    .onRequest(({ request }) => {
      if (cookieTransport) checkRequestOrigin(request, corsOrigins);
    })
    .onParse(({ request }) => readBody(request, config.maxBodyBytes))
    .onError(({ code, error, request }) => {
      if (error instanceof JotError) return errorResponse(error);
      // Elysia wraps what the body parser throws; the cause says what was wrong.
      if (code === "PARSE" && error.cause instanceof JotError) return errorResponse(error.cause);
      if (code === "NOT_FOUND") {
        allowedMethods ??= allowedMethodsFinder(app.routes);
        const allowed = allowedMethods(new URL(request.url).pathname);
        if (allowed.length === 0) return errorResponse(new JotError("not_found", "Not found"));
        return errorResponse(new JotError("method_not_allowed", undefined, { allow: allowed.join(", ") }));
      }
      if (code === "PARSE") return errorResponse(new JotError("invalid_request", "Request body could not be parsed"));
      if (code === "VALIDATION") return errorResponse(new JotError("invalid_request"));
      logError("internal_error", error);
      return errorResponse(new JotError("internal_error"));
    })
    .use(registerRoute(context))
    .use(loginRoute(context))
    .use(refreshRoute(context))
    .use(logoutRoute(context))
    .use(sessionsRoute(context))
    .use(passwordRoute(context))
    .use(meRoute(context))
    .use(protectedRoute(context))
    .use(healthRoute(context))
    .use(jwksRoute(context));
  return app;
}

/** One JSON line with the error's name and message only: no request data reaches a log. */
function defaultLogError(event: string, error: unknown): void {
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : "";
  console.error(JSON.stringify({ level: "error", event, error: name, message }));
}
