import type { AccessClaims, RefreshClaims } from "@jot/shared";
import { Elysia } from "elysia";
import { systemClock } from "../clock.ts";
import { cookieTransport, type TokenLocation } from "../token-location.ts";
import { JotError } from "../errors/jot-error.ts";
import { checkCsrf } from "../guard/csrf.ts";
import { answerRefusal } from "../guard/answer-failure.ts";
import { readToken } from "../guard/read-token.ts";
import { stdoutErrorLog, type ErrorLog } from "../logging/error-log.ts";
import { MemoryRevocationStore } from "../revocation/memory-revocation-store.ts";
import { revokedUntil } from "../revocation/revocation-horizon.ts";
import type { RevocationStore } from "../revocation/revocation-store.ts";
import { MemorySessionStore } from "../sessions/memory-session-store.ts";
import { SessionService } from "../sessions/session-service.ts";
import { MemoryOneTimeTokenStore } from "../one-time/memory-one-time-token-store.ts";
import { OneTimeTokens } from "../one-time/one-time-tokens.ts";
import { createTokenIssuer, type IssuedToken, type TokenIssuer, type TokenSubject } from "../tokens/issue-token.ts";
import type { SigningKey } from "../tokens/signing-key.ts";
import type { TokenSettings } from "../tokens/token-settings.ts";
import { createTokenVerifier } from "../tokens/verify-token.ts";
import { checkAdditionalClaims } from "./additional-claims.ts";
import { authRequirement, type AuthMode, type AuthRequirement, type OptionalAuthMode } from "./auth-mode.ts";
import { callHook } from "./call-hook.ts";
import { durationSeconds, keyOf, type Duration, type JotClaims, type JotOptions } from "./jot-options.ts";
import { sessionPolicyOf } from "./session-policy.ts";
import {
  sessionTokens,
  type RedeemedClaims,
  type SessionClaimsOf,
  type SessionTokenOptions,
  type SessionTokenPair,
  type SessionTokens,
} from "./session-tokens.ts";

/** Options of `createAccessToken`. */
export interface AccessTokenOptions<Extra extends object = Record<string, unknown>> {
  /** The app's own claims, added to what the `additionalClaims` hook gives (these win). */
  additionalClaims?: Partial<Extra> & Record<string, unknown>;
  roles?: readonly string[];
  /** Straight from a password login. @default false */
  fresh?: boolean;
  /** Instead of the configured lifetime. */
  expiresIn?: Duration;
}

/** Options of `createRefreshToken`. */
export interface RefreshTokenOptions<Extra extends object = Record<string, unknown>> {
  additionalClaims?: Partial<Extra> & Record<string, unknown>;
  roles?: readonly string[];
  expiresIn?: Duration;
}

/** What a guarded handler receives: `claims` (get_jwt), `identity` (get_jwt_identity) and `user` (current_user). */
export type GuardContext<Extra extends object, User> = {
  claims: JotClaims<Extra>;
  identity: string;
  user: User;
  /** Where the token was read. */
  location: TokenLocation;
};

/** What an optional route's handler receives (`{ optionalAuth: true }`): with no token, every part is `null`. */
export type OptionalGuardContext<Extra extends object, User> = {
  claims: JotClaims<Extra> | null;
  identity: string | null;
  user: User | null;
  location: TokenLocation | null;
};

/**
 * Named by the compiler's error for `{ auth: "optional" }`, which no value of this type can
 * satisfy: Elysia types an `auth` route's context the same whatever mode it gives, so an optional
 * route is `{ optionalAuth: true }`, whose claims are typed as possibly `null`.
 */
export interface OptionalRoutesUseOptionalAuth {
  readonly "an optional route is { optionalAuth: true }": never;
}

/** An optional route's context when no token came. */
const ANONYMOUS = Object.freeze({ claims: null, identity: null, user: null, location: null });

/**
 * The `jot()` instance each guard refusal and each handler's `createAccessToken` belongs to.
 * Elysia runs the error handler of every instance in the app for every route; each one answers
 * only its own refusals and the errors of its own routes, so no instance reshapes another's.
 */
const ownerOf = new WeakMap<object, object>();

/** The instance a failure belongs to: the guard that refused, else the instance issuing on its route. */
function ownerOfFailure(error: Error, routeIssuer: unknown): object | undefined {
  return ownerOf.get(error) ?? (typeof routeIssuer === "function" ? ownerOf.get(routeIssuer) : undefined);
}

/** What `jot()` adds beside the Elysia plugin: issuing and revoking outside a request too. */
export interface JotApi<Extra extends object> {
  createAccessToken(identity: string, options?: AccessTokenOptions<Extra>): Promise<string>;
  createRefreshToken(identity: string, options?: RefreshTokenOptions<Extra>): Promise<string>;
  /** Revokes this one token until it expires (an app's own logout); a `TypeError` for claims without a `jti` or a finite `exp`. */
  revoke(claims: { jti: string; exp: number }): Promise<void>;
  /** Starts a login session (a refresh family): its first access and refresh tokens, carrying its `sid`. */
  createTokens(identity: string, options?: SessionTokenOptions<Extra>): Promise<SessionTokenPair>;
  /**
   * Rotates the session of a verified refresh token: its next refresh token and a new access token,
   * not fresh, with the roles and additional claims the session began with. A refresh token rotated
   * out less than `refreshReuseGrace` ago is honoured once; again, or later, it is reuse: the session
   * ends and `token_revoked` is thrown. A refresh token of no session (`createRefreshToken`) is
   * `invalid_token`; an access token's claims, a `TypeError`.
   */
  refreshTokens(refreshClaims: RedeemedClaims): Promise<SessionTokenPair>;
  /** Ends the session of a token (access or refresh claims): every token of it is refused from now on. */
  endSession(claims: SessionClaimsOf): Promise<void>;
  /** The session policy under the three calls above (rotation, reuse, grace, limits), for a server built on them. */
  readonly sessions: SessionService;
  /** The three calls above answering the tokens with their claims, for a server built on them. */
  readonly sessionTokens: SessionTokens;
  /** Verifies a token as the guard does (signature, claims, type, revocation, hooks) and answers its claims. */
  authenticate(token: string, type?: "access" | "refresh"): Promise<JotClaims<Extra>>;
  /**
   * One-time tokens (S-32) for password resets, email verifications or an app's own links: `issue`
   * stores only a hash, ends the user's previous token of that kind and hands the token to the
   * `deliver` hook; `redeem` answers it once, and refuses a wrong, used or expired one with 400
   * `invalid_reset_token`.
   */
  readonly oneTimeTokens: OneTimeTokens;
  /** The key tokens are signed and verified with (its `publicJwk` is what a JWKS publishes). */
  readonly key: SigningKey;
  /** Where revocations live. */
  readonly revocations: RevocationStore;
  /** The issuer under `createAccessToken`, answering claims beside the token (for session-aware servers). */
  readonly tokens: TokenIssuer;
  /** The settings tokens are issued and verified with. */
  readonly settings: Readonly<TokenSettings>;
}

/**
 * JWT authentication for an Elysia app, as Flask-JWT-Extended's `JWTManager` gives a Flask app:
 * a plugin with the `auth` macro guard, `createAccessToken` / `createRefreshToken` in handlers, and
 * the same methods on the returned object. Each call is a plugin of its own, whatever its options:
 * a route's guard, issuing and error hook are those of the last instance used before the route, on
 * the app the route is declared on, whatever other instances the app uses.
 *
 * @example
 * const auth = jot({ secret: process.env.JWT_SECRET_KEY });
 * new Elysia().use(auth)
 *   .post("/login", async ({ createAccessToken }) => ({ access_token: await createAccessToken("nate") }))
 *   .get("/protected", ({ identity }) => `Hello, ${identity}!`, { auth: true });
 */
export function jot<Extra extends object = Record<string, unknown>, User = null>(options: JotOptions<Extra, User>) {
  const key = keyOf(options);
  const clock = options.clock ?? systemClock;
  const tokenLocations = options.tokenLocation ?? ["headers"];
  const secureCookies = options.secureCookies ?? false;
  if (tokenLocations.length === 0) throw new TypeError("jot(): tokenLocation needs at least one location");
  const policy = sessionPolicyOf(options);
  const settings: TokenSettings = {
    key,
    previousKeys: options.previousKeys ?? [],
    issuer: options.issuer,
    audience: options.audience,
    leewaySeconds: policy.leewaySeconds,
    maxTokenAgeSeconds: durationSeconds("maxTokenAge", options.maxTokenAge, Number.POSITIVE_INFINITY),
    accessTtlSeconds: durationSeconds("accessExpires", options.accessExpires, 15 * 60),
    refreshTtlSeconds: policy.refreshTtlSeconds,
    csrfClaims: options.csrfClaims ?? cookieTransport(tokenLocations),
    requiredClaims: options.requiredClaims ?? [],
  };
  const revocations = options.stores?.revocations ?? new MemoryRevocationStore();
  const sessions = new SessionService(options.stores?.sessions ?? new MemorySessionStore(), revocations, clock, policy);
  const oneTimeTokens = new OneTimeTokens(options.stores?.oneTimeTokens ?? new MemoryOneTimeTokenStore(), clock, {
    lifetimeSeconds: durationSeconds("oneTimeTokenExpires", options.oneTimeTokenExpires, 15 * 60),
    ...(options.deliver ? { deliver: options.deliver } : {}),
    logError: options.logError ?? stdoutErrorLog,
  });
  const verify = createTokenVerifier(settings, clock, options.verifiedCacheSize);
  const tokens = createTokenIssuer(settings, clock);
  const { additionalClaims: loadClaims, userLookup, isRevoked, verifyClaims, onError, logError = stdoutErrorLog } = options;
  type Guarded = GuardContext<Extra, User>;
  type OptionalGuarded = OptionalGuardContext<Extra, User>;

  /**
   * The claims of a good token, or a refusal: signature and claims, then jot's store, then the
   * app's hooks. Synchronous while every step answers from memory (an HMAC key, a mirrored store,
   * no hooks), so the guard's hot path makes no promise it does not need.
   */
  function authenticateNow(token: string, type: "access" | "refresh"): JotClaims<Extra> | Promise<JotClaims<Extra>> {
    const verified = verify(token, type) as JotClaims<Extra> | Promise<JotClaims<Extra>>;
    return verified instanceof Promise ? verified.then(afterSignature) : afterSignature(verified);
  }

  function afterSignature(claims: JotClaims<Extra>): JotClaims<Extra> | Promise<JotClaims<Extra>> {
    const revoked = revocations.isRevoked(claims);
    if (revoked === true) throw new JotError("token_revoked");
    if (revoked !== false) {
      return revoked.then((isStoreRevoked) => {
        if (isStoreRevoked) throw new JotError("token_revoked");
        return appHooks(claims);
      });
    }
    return appHooks(claims);
  }

  function appHooks(claims: JotClaims<Extra>): JotClaims<Extra> | Promise<JotClaims<Extra>> {
    if (!isRevoked && !verifyClaims) return claims;
    // Only the documented answer lets a token through (S-30): `false` from isRevoked, `true` from verifyClaims.
    return (async () => {
      if (isRevoked && (await callHook("isRevoked", logError, () => isRevoked(claims))) !== false) throw new JotError("token_revoked");
      if (verifyClaims && (await callHook("verifyClaims", logError, () => verifyClaims(claims))) !== true) throw new JotError("invalid_claims");
      return claims;
    })();
  }

  async function authenticate(token: string, type: "access" | "refresh" = "access"): Promise<JotClaims<Extra>> {
    return authenticateNow(token, type);
  }

  /**
   * The guard: the token from the route's locations, then {@link authenticateNow}, then what the
   * route asks of it. Answers in the same turn while every step does (the usual case), and a
   * promise only when a step waits.
   */
  function guard(requirement: AuthRequirement, request: Request, body: unknown): Guarded | typeof ANONYMOUS | Promise<Guarded> {
    let found;
    try {
      found = readToken(request, body, requirement.locations, requirement.type, secureCookies);
    } catch (error) {
      if (requirement.optional && error instanceof JotError && error.code === "missing_token") return ANONYMOUS;
      throw error;
    }
    const { token, location } = found;
    const authenticated = authenticateNow(token, requirement.type);
    if (authenticated instanceof Promise) return authenticated.then((claims) => admit(requirement, request, location, claims));
    return admit(requirement, request, location, authenticated);
  }

  /** What the route asks beyond a good token (CSRF, freshness, roles, sign-in methods), then the app's user. */
  function admit(requirement: AuthRequirement, request: Request, location: TokenLocation, claims: JotClaims<Extra>): Guarded | Promise<Guarded> {
    if (location === "cookies") checkCsrf(request, claims);
    if (requirement.fresh && claims.fresh !== true) throw new JotError("fresh_token_required");
    if (requirement.roles.length > 0) {
      const missing = requirement.roles.filter((role) => !claims.roles.includes(role));
      if (missing.length > 0) throw new JotError("insufficient_scope", `Missing role${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}`);
    }
    if (requirement.amr.length > 0) checkSignInMethods(requirement.amr, claims);
    if (!userLookup) return { claims, identity: claims.sub, user: null as User, location };
    const looked = callHook("userLookup", logError, () => userLookup(claims));
    if (looked instanceof Promise) return looked.then((user) => withUser(claims, location, user));
    return withUser(claims, location, looked);
  }

  /** Only a user object admits (S-30): `null`, `false`, `0`, `""` or any other answer is no user. */
  function withUser(claims: JotClaims<Extra>, location: TokenLocation, user: unknown): Guarded {
    if (typeof user !== "object" || user === null) throw new JotError("user_not_found");
    return { claims, identity: claims.sub, user: user as User, location };
  }

  async function extraClaims(identity: string, explicit: Record<string, unknown> | undefined): Promise<Record<string, unknown>> {
    const loaded = loadClaims ? await callHook("additionalClaims", logError, () => loadClaims(identity)) : {};
    const merged = { ...loaded, ...explicit };
    checkAdditionalClaims(merged);
    return merged;
  }

  function subjectOf(identity: string, roles: readonly string[] | undefined): TokenSubject {
    if (typeof identity !== "string" || identity === "") throw new TypeError("identity must be a non-empty string (the token's sub)");
    return { userId: identity, roles: roles ?? [] };
  }

  const inSessions = sessionTokens({ tokens, service: sessions, clock, refreshTtlSeconds: settings.refreshTtlSeconds, additionalClaims: extraClaims });

  const api: JotApi<Extra> = {
    async createAccessToken(identity, { additionalClaims, roles, fresh = false, expiresIn } = {}) {
      const subject = subjectOf(identity, roles);
      const lifetimeSeconds = durationSeconds("expiresIn", expiresIn, settings.accessTtlSeconds);
      const issued: IssuedToken<AccessClaims> = await tokens.access(subject, {
        fresh,
        additionalClaims: await extraClaims(identity, additionalClaims),
        lifetimeSeconds,
      });
      return issued.token;
    },
    async createRefreshToken(identity, { additionalClaims, roles, expiresIn } = {}) {
      const subject = subjectOf(identity, roles);
      const lifetimeSeconds = durationSeconds("expiresIn", expiresIn, settings.refreshTtlSeconds);
      const issued: IssuedToken<RefreshClaims> = await tokens.refresh(subject, {
        additionalClaims: await extraClaims(identity, additionalClaims),
        lifetimeSeconds,
      });
      return issued.token;
    },
    async revoke(claims) {
      // Claims without both would revoke nothing, silently: the caller's mistake is said instead.
      if (typeof claims?.jti !== "string" || claims.jti === "" || !Number.isFinite(claims.exp)) {
        throw new TypeError("revoke(claims): expected a token's claims, with its jti and a finite exp");
      }
      await revocations.revokeToken(claims.jti, revokedUntil(claims.exp, settings.leewaySeconds));
    },
    createTokens: (identity, sessionOptions) => inSessions.createTokens(identity, sessionOptions),
    refreshTokens: (refreshClaims) => inSessions.refreshTokens(refreshClaims),
    endSession: (claims) => inSessions.end(claims),
    sessions,
    sessionTokens: inSessions,
    authenticate,
    oneTimeTokens,
    key,
    revocations,
    tokens,
    settings,
  };

  /** Issuing in a handler: a failure there is the app's bug, logged and answered `internal_error`, never with its text. */
  async function answeredQuietly<Issued>(issued: Promise<Issued>): Promise<Issued> {
    try {
      return await issued;
    } catch (error) {
      if (error instanceof JotError) throw error;
      logError("internal_error", error);
      throw new JotError("internal_error", undefined, { cause: error });
    }
  }

  // Handlers get issuing through a scoped derive, not a decorator: Elysia keeps one decorator of a
  // name for the whole app (the first), while a derive reaches only the routes of the app using this
  // instance, after it.
  const issuing: Pick<JotApi<Extra>, "createAccessToken" | "createRefreshToken" | "createTokens"> = {
    createAccessToken: (identity, issueOptions) => answeredQuietly(api.createAccessToken(identity, issueOptions)),
    createRefreshToken: (identity, issueOptions) => answeredQuietly(api.createRefreshToken(identity, issueOptions)),
    createTokens: (identity, sessionOptions) => answeredQuietly(api.createTokens(identity, sessionOptions)),
  };
  ownerOf.set(issuing.createAccessToken, api);
  /** A refusal of this instance's guard, marked as such for the error handlers. */
  const refusal = (error: unknown): unknown => {
    if (typeof error === "object" && error !== null) ownerOf.set(error, api);
    return error;
  };

  /** A route's guard, its refusals marked as this instance's; in the same turn when the guard answers in it. */
  function markedGuard(requirement: AuthRequirement, request: Request, body: unknown): Guarded | OptionalGuarded | Promise<Guarded> {
    try {
      const guarded = guard(requirement, request, body);
      return guarded instanceof Promise ? guarded.catch((error: unknown) => Promise.reject(refusal(error))) : guarded;
    } catch (error) {
      throw refusal(error);
    }
  }

  const plugin = new Elysia({
    name: "jot",
    // Each instance is a plugin of its own: Elysia sets up a plugin once per name and seed, so a
    // second instance with the same key would lose its error hook. One instance used in several
    // places is still set up once.
    seed: crypto.randomUUID(),
  })
    .derive({ as: "scoped" }, () => issuing)
    // Destructured, so that Elysia sees which parts of the request it reads (and builds no others).
    .onError({ as: "global" }, ({ error, request, createAccessToken }) => {
      if (!(error instanceof JotError)) return;
      const owner = ownerOfFailure(error, createAccessToken);
      if (owner !== undefined && owner !== api) return; // another instance's refusal or route: that one answers
      const response = answerRefusal(error, logError);
      return reshaped(onError, { error, response, request }, logError) ?? response;
    })
    .macro({
      auth(mode: AuthMode | OptionalRoutesUseOptionalAuth) {
        const requirement = authRequirement(mode as AuthMode, tokenLocations);
        return {
          // Declared async so Elysia always awaits it, whatever its reading of the source: a guard
          // that waits (an asymmetric key, an async hook) must never hand a promise to a handler.
          // Every typed mode needs a token, so the context is never anonymous; only untyped code's
          // `auth: "optional"` can make it so, and that code reads no types.
          resolve: async ({ request, body }) => (await markedGuard(requirement, request, body)) as Guarded,
        };
      },
      optionalAuth(enabled: OptionalAuthMode) {
        if (enabled !== true) throw new TypeError(`optionalAuth: expected true, got ${JSON.stringify(enabled)}`);
        const requirement = authRequirement("optional", tokenLocations);
        return {
          resolve: async ({ request, body }): Promise<OptionalGuarded> => markedGuard(requirement, request, body),
        };
      },
    });
  return Object.assign(plugin, api);
}

/** Step-up (RFC 9470): every method the route names must be in the token's `amr`, else the client signs in again more strongly. */
function checkSignInMethods(required: readonly string[], claims: { amr?: unknown }): void {
  const methods = Array.isArray(claims.amr) ? claims.amr : [];
  const missing = required.filter((method) => !methods.includes(method));
  if (missing.length > 0) throw new JotError("insufficient_user_authentication", `Sign in with ${missing.join(", ")} to use this route`);
}

/** The app's reshaped error response, when it is one: a refusal never becomes a success, and a hook that throws is logged. */
function reshaped(
  hook: JotOptions["onError"],
  context: Parameters<NonNullable<JotOptions["onError"]>>[0],
  logError: ErrorLog,
): Response | undefined {
  if (!hook) return undefined;
  try {
    const answer = callHook("onError", logError, () => hook(context));
    return answer instanceof Response && answer.status >= 400 ? answer : undefined;
  } catch {
    return undefined;
  }
}

/** The plugin `jot()` answers: an Elysia instance with {@link JotApi} on it. */
export type Jot<Extra extends object = Record<string, unknown>, User = null> = ReturnType<typeof jot<Extra, User>>;
