import { isHmacAlgorithm } from "@jot/elysia/server";
import { sqliteDataDir } from "@jot/stores";
import type { Config } from "./config.ts";
import { ConfigError, secretRequiredInProduction } from "./config-error.ts";
import { isDevSecret, loadOrCreateDevSecret } from "./dev-secret.ts";

/**
 * The config with its signing key settled, the step `bun run start`, the admin command and an
 * embedding app each take once, before they open a store or call `createApp` (which takes a config
 * with its key): an HMAC config without a secret gets the development key, found or made in the
 * data folder (beside the SQLite file, else `data/`), with a warning added to `warnings`.
 * Answers a new config and never changes the one given; answers it as it is when nothing is due.
 *
 * Throws a one-line {@link ConfigError} when production is given the development key or no key
 * at all, or when no development key can be kept.
 */
export function settleSigningSecret(config: Config): Config {
  if (config.jwt.signingKey) return config;
  const dataDir = sqliteDataDir(config.databaseUrl) ?? "data";
  const { secret } = config.jwt;
  if (secret) {
    if (config.production && isDevSecret(dataDir, secret)) {
      throw new ConfigError("JWT_SECRET_KEY", "is the generated development key; production needs a secret of its own");
    }
    return config;
  }
  // Without a key pair the algorithm is an HMAC one (loadConfig reads a key pair for the others).
  if (config.production) throw secretRequiredInProduction(isHmacAlgorithm(config.jwt.algorithm) ? config.jwt.algorithm : "HS256");
  let devSecret: Uint8Array;
  try {
    devSecret = loadOrCreateDevSecret(dataDir);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : "error");
    throw new ConfigError("JWT_SECRET_KEY", `is not set and no development key can be kept in ${dataDir}/ (${reason})`);
  }
  return {
    ...config,
    jwt: { ...config.jwt, secret: devSecret },
    warnings: [...config.warnings, `JWT_SECRET_KEY is not set; using the development key in ${dataDir}/ (refused in production)`],
  };
}
