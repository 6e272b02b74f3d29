import { ConfigError } from "../src/config/config-error.ts";
import { loadConfig } from "../src/config/load-config.ts";

/** The one line a refused configuration stops the server with; throws when it is accepted. */
export function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("the configuration was accepted");
}
