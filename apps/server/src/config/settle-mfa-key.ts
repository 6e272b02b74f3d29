import { sqliteDataDir } from "@jot/stores";
import type { Config } from "./config.ts";
import { ConfigError } from "./config-error.ts";
import { DEV_MFA_KEY_FILE, loadOrCreateDevSecret } from "./dev-secret.ts";
import { MIN_MFA_KEY_BYTES } from "./load-config.ts";

/** Production without `MFA_ENCRYPTION_KEY`: TOTP secrets would have nothing of the operator's to be sealed with. */
export function mfaKeyRequiredInProduction(): ConfigError {
  return new ConfigError("MFA_ENCRYPTION_KEY", `is required in production (at least ${MIN_MFA_KEY_BYTES} random bytes): TOTP secrets are stored encrypted with it`);
}

/**
 * Where the key material TOTP secrets are encrypted with comes from: `MFA_ENCRYPTION_KEY`, or in
 * development a key generated once in the data folder (mode 0600, reused on restart, as the
 * development signing key is) the first time a secret is sealed or opened, so an app that never
 * sees a second factor writes no file. Production without a key throws a one-line
 * {@link ConfigError} here, when the app is built, never on a request.
 */
export function mfaKeyMaterial(config: Config): () => Uint8Array {
  const given = config.mfa.encryptionKey;
  if (given) return () => given;
  if (config.production) throw mfaKeyRequiredInProduction();
  const dataDir = sqliteDataDir(config.databaseUrl) ?? "data";
  let devKey: Uint8Array | undefined;
  return () => (devKey ??= loadOrCreateDevSecret(dataDir, DEV_MFA_KEY_FILE));
}
