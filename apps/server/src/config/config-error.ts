import { HMAC_ALGORITHMS, type HmacAlgorithm } from "@jot/elysia/server";

/** A bad configuration value: printed as one line naming the variable, never as a stack trace. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = "ConfigError";
  }
}

/**
 * Production without an HMAC secret: refused wherever that is found, when the environment is read
 * or when a config built by hand is settled, in the same words and with the algorithm's own length.
 */
export function secretRequiredInProduction(algorithm: HmacAlgorithm): ConfigError {
  return new ConfigError("JWT_SECRET_KEY", `is required in production (at least ${HMAC_ALGORITHMS[algorithm].minKeyBytes} random bytes)`);
}
