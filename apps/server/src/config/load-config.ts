import {
  type Algorithm,
  ASYMMETRIC_ALGORITHMS,
  type AsymmetricAlgorithm,
  checkDuration,
  createAsymmetricKey,
  createHmacKey,
  DEFAULT_VERIFIED_CACHE_SIZE,
  type DurationBounds,
  HMAC_ALGORITHMS,
  type HmacAlgorithm,
  hmacSecretProblem,
  isAsymmetricAlgorithm,
  isHmacAlgorithm,
  isTokenLocation,
  KeyPairError,
  MAX_LEEWAY_SECONDS,
  type SigningKey,
  TOKEN_LOCATIONS,
} from "@jot/elysia/server";
import { DEFAULT_REDIS_KEY_PREFIX } from "@jot/stores";
import { parseTrustedProxies, TrustedProxyError, type TrustedProxies } from "../http/trusted-proxies.ts";
import type { Config, TokenLocation } from "./config.ts";
import { ConfigError, secretRequiredInProduction } from "./config-error.ts";
import { readOrigins } from "./read-origins.ts";
import { readWebAuthn } from "./read-webauthn.ts";

type Env = Record<string, string | undefined>;

/** The least key material TOTP secrets are encrypted with (AES-256 takes 32 bytes). */
export const MIN_MFA_KEY_BYTES = 32;


/**
 * Reads the configuration from environment variables. Pure: it reads nothing but `env`.
 * Throws {@link ConfigError} naming the first bad variable. In production every unsafe
 * default is refused; in development it is allowed with a warning.
 */
export function loadConfig(env: Env): Config {
  const production = readChoice(env, "NODE_ENV", ["development", "production", "test"], "development") === "production";
  const warnings: string[] = [];
  const algorithm = readAlgorithm(env);
  refuseUnusedKeys(env, algorithm);
  const secret = isHmacAlgorithm(algorithm) ? readSecret(env, algorithm, production, warnings) : undefined;
  const signingKey = isAsymmetricAlgorithm(algorithm) ? readKeyPair(env, algorithm) : undefined;
  const previousKeys = readPreviousKeys(env, algorithm, production, warnings);
  const accessTtlSeconds = readDuration(env, "JWT_ACCESS_TOKEN_EXPIRES", "15m");
  const refreshTtlSeconds = readDuration(env, "JWT_REFRESH_TOKEN_EXPIRES", "30d");
  if (refreshTtlSeconds < accessTtlSeconds) {
    throw new ConfigError("JWT_REFRESH_TOKEN_EXPIRES", "must not be shorter than JWT_ACCESS_TOKEN_EXPIRES");
  }
  const throttle = readThrottle(env);
  const port = readInteger(env, "PORT", 3000, 0, 65535);
  const corsOrigins = readOrigins(env.CORS_ORIGINS, "CORS_ORIGINS") ?? [];
  const tokenLocations = readTokenLocations(env);
  if (production && tokenLocations.includes("query_string")) {
    throw new ConfigError("JWT_TOKEN_LOCATION", "query_string puts tokens in URLs, where logs and proxies keep them; refused in production");
  }
  if (production && readOptional(env, "AUTH_REGISTRATION") === undefined) {
    throw new ConfigError("AUTH_REGISTRATION", "must be set to open or closed in production, so that open registration is a decision");
  }
  return {
    port,
    host: readOptional(env, "HOST"),
    production,
    jwt: {
      algorithm,
      secret,
      signingKey,
      previousKeys,
      accessTtlSeconds,
      refreshTtlSeconds,
      refreshReuseGraceSeconds: readDuration(env, "JWT_REFRESH_REUSE_GRACE", "10s", { min: 0 }),
      maxSessions: readInteger(env, "JWT_MAX_SESSIONS", 10, 1, 10_000),
      sessionIdleTimeoutSeconds: readOptional(env, "JWT_SESSION_IDLE_TIMEOUT") === undefined ? undefined : readDuration(env, "JWT_SESSION_IDLE_TIMEOUT", ""),
      leewaySeconds: readDuration(env, "JWT_DECODE_LEEWAY", "0", { min: 0, max: MAX_LEEWAY_SECONDS }),
      issuer: readOptional(env, "JWT_ISSUER"),
      audience: readOptional(env, "JWT_AUDIENCE"),
      tokenLocations,
      cookies: readCookieSettings(env, production),
      verifiedCacheSize: readInteger(env, "JWT_VERIFY_CACHE_SIZE", DEFAULT_VERIFIED_CACHE_SIZE, 0, 1_000_000),
    },
    databaseUrl: readDatabaseUrl(env),
    sqliteSynchronous: readChoice(env, "SQLITE_SYNCHRONOUS", ["normal", "full"], "normal"),
    redisUrl: readRedisUrl(env),
    redisKeyPrefix: readOptional(env, "REDIS_KEY_PREFIX") ?? DEFAULT_REDIS_KEY_PREFIX,
    registration: readChoice(env, "AUTH_REGISTRATION", ["open", "closed"], "open"),
    throttle,
    corsOrigins,
    webauthn: readWebAuthn(env, { production, port, corsOrigins, warnings }),
    maxBodyBytes: readInteger(env, "MAX_BODY_BYTES", 64 * 1024, 1024, 16 * 1024 * 1024),
    openapi: { docsPage: readChoice(env, "OPENAPI", ["on", "off"], production ? "off" : "on") === "on" },
    metrics: readMetrics(env, production),
    mfa: { issuer: readOptional(env, "MFA_ISSUER") ?? "jot", encryptionKey: readMfaKey(env, production, warnings) },
    passwordWork: {
      concurrency: readInteger(env, "PASSWORD_HASH_CONCURRENCY", 1, 1, 256),
      queue: readInteger(env, "PASSWORD_HASH_QUEUE", 4, 0, 100_000),
      share: readShare(env, "PASSWORD_HASH_SHARE", 1),
    },
    passwordReset: readPasswordReset(env, production, warnings),
    warnings,
  };
}

/** A webhook secret shorter than this could be guessed, and a receiver would take forged resets. */
const MIN_WEBHOOK_SECRET_LENGTH = 32;

/**
 * Where reset and verification tokens go. In production a webhook must be signed (its receiver
 * must tell jot's calls from anyone's), and a deployment that can deliver nothing is told at start:
 * forgot still answers 202, so a client learns nothing, but no reset can be completed.
 */
function readPasswordReset(env: Env, production: boolean, warnings: string[]): Config["passwordReset"] {
  const ttlSeconds = readDuration(env, "PASSWORD_RESET_EXPIRES", "15m", { min: 60, max: 24 * 3600 });
  const webhookUrl = readOptional(env, "PASSWORD_RESET_WEBHOOK");
  if (webhookUrl !== undefined && !/^https?:\/\/./.test(webhookUrl)) throw new ConfigError("PASSWORD_RESET_WEBHOOK", "expected an http:// or https:// URL");
  if (production && webhookUrl?.startsWith("http://")) throw new ConfigError("PASSWORD_RESET_WEBHOOK", "must be https:// in production: it carries reset tokens");
  const secret = readOptional(env, "PASSWORD_RESET_WEBHOOK_SECRET");
  if (secret !== undefined && secret.length < MIN_WEBHOOK_SECRET_LENGTH) {
    throw new ConfigError("PASSWORD_RESET_WEBHOOK_SECRET", `must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters`);
  }
  if (secret !== undefined && webhookUrl === undefined) throw new ConfigError("PASSWORD_RESET_WEBHOOK_SECRET", "is set, but PASSWORD_RESET_WEBHOOK is not");
  if (webhookUrl !== undefined && secret === undefined) {
    if (production) throw new ConfigError("PASSWORD_RESET_WEBHOOK_SECRET", "is required in production with PASSWORD_RESET_WEBHOOK, so its receiver can tell jot's calls from forgeries");
    warnings.push("PASSWORD_RESET_WEBHOOK calls are unsigned: PASSWORD_RESET_WEBHOOK_SECRET is not set (refused in production)");
  }
  const smtpUrl = readOptional(env, "SMTP_URL");
  if (smtpUrl !== undefined && !/^smtps?:\/\/./.test(smtpUrl)) throw new ConfigError("SMTP_URL", "expected smtp://host:port or smtps://…");
  const from = readOptional(env, "MAIL_FROM");
  if (smtpUrl !== undefined && from === undefined) throw new ConfigError("MAIL_FROM", "is required with SMTP_URL: the address reset mails come from");
  if (from !== undefined && smtpUrl === undefined) throw new ConfigError("MAIL_FROM", "is set, but SMTP_URL is not");
  const webhook = webhookUrl === undefined ? undefined : { url: webhookUrl, secret };
  const smtp = smtpUrl === undefined || from === undefined ? undefined : { url: smtpUrl, from };
  if (production && !webhook && !smtp) {
    warnings.push("password resets cannot be delivered: neither PASSWORD_RESET_WEBHOOK nor SMTP_URL is set (forgot still answers 202)");
  }
  return { ttlSeconds, webhook, smtp, stderr: !production && !webhook && !smtp };
}

function readOptional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

function readChoice<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const value = readOptional(env, name) ?? fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new ConfigError(name, `expected one of ${choices.join(", ")}, got "${value}"`);
  }
  return value as T;
}

/** A fraction more than 0 and at most 1, written as a decimal (`0.5`). */
function readShare(env: Env, name: string, fallback: number): number {
  const text = readOptional(env, name);
  if (text === undefined) return fallback;
  const value = /^(0?\.\d+|1(\.0+)?)$/.test(text) ? Number(text) : Number.NaN;
  if (!(value > 0 && value <= 1)) throw new ConfigError(name, `expected a share more than 0 and at most 1 (such as 0.5), got "${text}"`);
  return value;
}

function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const text = readOptional(env, name);
  if (text === undefined) return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) throw new ConfigError(name, `expected a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}

/** Every duration variable is read here, so each takes the same forms and states its bounds. */
function readDuration(env: Env, name: string, fallback: string, { min = 1, max = Number.POSITIVE_INFINITY }: DurationBounds = {}): number {
  const checked = checkDuration(readOptional(env, name) ?? fallback, { min, max });
  if ("problem" in checked) throw new ConfigError(name, checked.problem);
  return checked.seconds;
}

function readAlgorithm(env: Env): Algorithm {
  const name = readOptional(env, "JWT_ALGORITHM") ?? "HS256";
  if (isHmacAlgorithm(name) || isAsymmetricAlgorithm(name)) return name;
  const known = [...Object.keys(HMAC_ALGORITHMS), ...Object.keys(ASYMMETRIC_ALGORITHMS)].join(", ");
  throw new ConfigError("JWT_ALGORITHM", `unknown algorithm "${name}"; expected one of ${known}`);
}

/**
 * A key the algorithm will not use is refused: the user meant something else (a key pair
 * without JWT_ALGORITHM would otherwise start silently on HS256 and the development key).
 */
function refuseUnusedKeys(env: Env, algorithm: Algorithm): void {
  const hmac = isHmacAlgorithm(algorithm);
  const unused = (hmac ? ["JWT_PRIVATE_KEY", "JWT_PUBLIC_KEY", "JWT_PREVIOUS_PUBLIC_KEYS"] : ["JWT_SECRET_KEY", "JWT_PREVIOUS_SECRET_KEYS"]).find(
    (name) => readOptional(env, name) !== undefined,
  );
  if (unused === undefined) return;
  const chosen = readOptional(env, "JWT_ALGORITHM") === undefined ? `JWT_ALGORITHM is unset, so ${algorithm}` : `JWT_ALGORITHM=${algorithm}`;
  throw new ConfigError(
    unused,
    hmac
      ? `is set, but ${chosen} signs with JWT_SECRET_KEY; set JWT_ALGORITHM to RS256, ES256 or EdDSA to use the key pair`
      : `is set, but ${chosen} signs with JWT_PRIVATE_KEY; remove ${unused} or choose HS256, HS384 or HS512`,
  );
}

/**
 * Keys rotated out (`JWT_PREVIOUS_SECRET_KEYS`: a comma list of former secrets;
 * `JWT_PREVIOUS_PUBLIC_KEYS`: former public keys as PEM blocks, one after another), each held to
 * the same rules as the current key. They verify the tokens they signed; they sign nothing.
 */
function readPreviousKeys(env: Env, algorithm: Algorithm, production: boolean, warnings: string[]): SigningKey[] {
  if (isHmacAlgorithm(algorithm)) {
    const secrets = (readOptional(env, "JWT_PREVIOUS_SECRET_KEYS") ?? "").split(",").map((text) => text.trim()).filter((text) => text !== "");
    return secrets.map((text, index) => createHmacKey(algorithm, checkedSecret(text, `JWT_PREVIOUS_SECRET_KEYS (key ${index + 1})`, algorithm, production, warnings)));
  }
  const text = (readOptional(env, "JWT_PREVIOUS_PUBLIC_KEYS") ?? "").replaceAll("\\n", "\n");
  const blocks = text.match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g) ?? [];
  if (text.trim() !== "" && blocks.length === 0) throw new ConfigError("JWT_PREVIOUS_PUBLIC_KEYS", "expected PEM public keys (-----BEGIN PUBLIC KEY-----)");
  return blocks.map((pem, index) => {
    try {
      return createAsymmetricKey(algorithm, undefined, pem);
    } catch (error) {
      if (!(error instanceof KeyPairError)) throw error;
      throw new ConfigError("JWT_PREVIOUS_PUBLIC_KEYS", `key ${index + 1}: ${error.detail}`);
    }
  });
}

/** PEM text from a variable; `\n` written out (as .env files often hold it) counts as a newline. */
function readPem(env: Env, name: string, algorithm: string): string {
  const text = readOptional(env, name);
  if (text === undefined) throw new ConfigError(name, `is required with JWT_ALGORITHM=${algorithm} (PEM)`);
  return text.replaceAll("\\n", "\n");
}

function readKeyPair(env: Env, algorithm: AsymmetricAlgorithm): SigningKey {
  const privatePem = readPem(env, "JWT_PRIVATE_KEY", algorithm);
  const publicPem = readPem(env, "JWT_PUBLIC_KEY", algorithm);
  try {
    return createAsymmetricKey(algorithm, privatePem, publicPem);
  } catch (error) {
    if (!(error instanceof KeyPairError)) throw error;
    if (error.reason === "mismatch") throw new ConfigError("JWT_PUBLIC_KEY", "does not belong to JWT_PRIVATE_KEY");
    throw new ConfigError(error.part === "private" ? "JWT_PRIVATE_KEY" : "JWT_PUBLIC_KEY", error.detail);
  }
}

function readSecret(env: Env, algorithm: HmacAlgorithm, production: boolean, warnings: string[]) {
  const text = env.JWT_SECRET_KEY;
  if (text === undefined || text === "") {
    if (production) throw secretRequiredInProduction(algorithm);
    return undefined;
  }
  return checkedSecret(text, "JWT_SECRET_KEY", algorithm, production, warnings);
}

/** The TOTP secrets' key material (its UTF-8 bytes); a short one is refused in production and warned about in development. */
function readMfaKey(env: Env, production: boolean, warnings: string[]): Uint8Array | undefined {
  const text = readOptional(env, "MFA_ENCRYPTION_KEY");
  if (text === undefined) return undefined;
  const key = new TextEncoder().encode(text);
  if (key.length < MIN_MFA_KEY_BYTES) {
    const problem = `is ${key.length} bytes; at least ${MIN_MFA_KEY_BYTES} random bytes are needed`;
    if (production) throw new ConfigError("MFA_ENCRYPTION_KEY", problem);
    warnings.push(`MFA_ENCRYPTION_KEY ${problem} (refused in production)`);
  }
  return key;
}

/** A secret's bytes (the string's UTF-8), refused in production and warned about in development when short. */
function checkedSecret(text: string, name: string, algorithm: HmacAlgorithm, production: boolean, warnings: string[]): Uint8Array {
  const secret = new TextEncoder().encode(text);
  const problem = hmacSecretProblem(algorithm, secret);
  if (problem) {
    if (production) throw new ConfigError(name, problem);
    warnings.push(`${name} ${problem} (refused in production)`);
  }
  return secret;
}

function readTokenLocations(env: Env): TokenLocation[] {
  const text = readOptional(env, "JWT_TOKEN_LOCATION") ?? "headers";
  const names = text.split(",").map((name) => name.trim());
  const locations = names.map((name) => {
    if (!isTokenLocation(name)) throw new ConfigError("JWT_TOKEN_LOCATION", `unknown location "${name}"; expected a comma list of ${TOKEN_LOCATIONS.join(", ")}`);
    return name;
  });
  return [...new Set(locations)];
}

function readDatabaseUrl(env: Env): string {
  const url = readOptional(env, "DATABASE_URL") ?? "sqlite://data/jot.sqlite";
  if (!/^(sqlite|postgres|postgresql):\/\/./.test(url)) {
    throw new ConfigError("DATABASE_URL", "expected sqlite://<path> or postgres://…");
  }
  return url;
}

/** ASVS 4.0.3 V2.2.1: no more than 100 failed attempts per hour on one account (S-17). */
const MAX_ACCOUNT_FAILURES_PER_HOUR = 100;

function readThrottle(env: Env): Config["throttle"] {
  const windowMs = readDuration(env, "THROTTLE_WINDOW", "15m") * 1000;
  const loginFailuresPerAccount = readInteger(env, "LOGIN_MAX_FAILURES", 10, 1, MAX_ACCOUNT_FAILURES_PER_HOUR);
  // Fixed windows: any hour overlaps at most ceil(1h / window) + 1 of them, each allowing the maximum.
  if (loginFailuresPerAccount * (Math.ceil(3_600_000 / windowMs) + 1) > MAX_ACCOUNT_FAILURES_PER_HOUR) {
    throw new ConfigError("LOGIN_MAX_FAILURES", `allows more than ${MAX_ACCOUNT_FAILURES_PER_HOUR} failures per hour per account with THROTTLE_WINDOW`);
  }
  return {
    windowMs,
    loginFailuresPerAccount,
    loginFailuresPerAddress: readInteger(env, "LOGIN_MAX_FAILURES_PER_ADDRESS", 50, 1, 1_000_000),
    loginFailuresPerNetwork: readInteger(env, "LOGIN_MAX_FAILURES_PER_NETWORK", 100, 1, 1_000_000),
    loginFailuresPerSite: readInteger(env, "LOGIN_MAX_FAILURES_PER_SITE", 200, 1, 1_000_000),
    loginsPerAccount: readInteger(env, "LOGIN_MAX_PER_ACCOUNT", 20, 1, 1_000_000),
    loginsPerAddress: readInteger(env, "LOGIN_MAX_PER_ADDRESS", 100, 1, 1_000_000),
    refreshFailuresPerAddress: readInteger(env, "REFRESH_MAX_FAILURES_PER_ADDRESS", 50, 1, 1_000_000),
    registrationsPerAddress: readInteger(env, "REGISTER_MAX_PER_ADDRESS", 20, 1, 1_000_000),
    oneTimeTokensPerAccount: readInteger(env, "PASSWORD_RESET_MAX_PER_ACCOUNT", 3, 1, 1_000_000),
    oneTimeTokensPerAddress: readInteger(env, "PASSWORD_RESET_MAX_PER_ADDRESS", 20, 1, 1_000_000),
    oneTimeTokenFailuresPerAddress: readInteger(env, "RESET_TOKEN_MAX_FAILURES_PER_ADDRESS", 20, 1, 1_000_000),
    trustedProxies: readTrustedProxies(env),
  };
}

function readTrustedProxies(env: Env): TrustedProxies {
  try {
    return parseTrustedProxies(readOptional(env, "TRUST_PROXY"));
  } catch (error) {
    if (error instanceof TrustedProxyError) throw new ConfigError("TRUST_PROXY", error.message);
    throw error;
  }
}

function readRedisUrl(env: Env): string | undefined {
  const url = readOptional(env, "REDIS_URL");
  if (url !== undefined && !/^rediss?:\/\/./.test(url)) throw new ConfigError("REDIS_URL", "expected redis://host:port or rediss://…");
  return url;
}

function readCookieSettings(env: Env, production: boolean): Config["jwt"]["cookies"] {
  const secure = readChoice(env, "JWT_COOKIE_SECURE", ["true", "false"], production ? "true" : "false") === "true";
  if (production && !secure) throw new ConfigError("JWT_COOKIE_SECURE", "must be true in production: token cookies only over HTTPS");
  const sameSite = readChoice(env, "JWT_COOKIE_SAMESITE", ["Strict", "Lax", "None"], "Lax");
  if (sameSite === "None" && !secure) throw new ConfigError("JWT_COOKIE_SAMESITE", "None needs JWT_COOKIE_SECURE=true (browsers refuse it otherwise)");
  return { secure, sameSite };
}

/** A metrics token shorter than this could be guessed; it guards what the server is doing, not accounts. */
const MIN_METRICS_TOKEN_LENGTH = 16;

/**
 * In production `/metrics` is served only behind a token: it tells anyone who asks how many logins
 * fail, which codes are answered and how the stores are doing. Refusing to start is plainer than
 * serving it on loopback alone, which a proxy on the same host would pass on to everyone.
 */
function readMetrics(env: Env, production: boolean): Config["metrics"] {
  const enabled = readChoice(env, "METRICS", ["on", "off"], "off") === "on";
  const token = readOptional(env, "METRICS_TOKEN");
  if (token !== undefined && token.length < MIN_METRICS_TOKEN_LENGTH) {
    throw new ConfigError("METRICS_TOKEN", `must be at least ${MIN_METRICS_TOKEN_LENGTH} characters`);
  }
  if (token !== undefined && !enabled) throw new ConfigError("METRICS_TOKEN", "is set, but METRICS is not on");
  if (production && enabled && token === undefined) {
    throw new ConfigError("METRICS_TOKEN", `is required in production with METRICS=on (at least ${MIN_METRICS_TOKEN_LENGTH} random characters), or /metrics would be served to anyone`);
  }
  return { enabled, token };
}
