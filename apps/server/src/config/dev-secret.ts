import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** File name of the generated development key inside the data folder. */
export const DEV_SECRET_FILE = "jwt-secret.key";

/**
 * The development signing key: generated once from the CSPRNG (64 bytes: enough for HS512),
 * stored with mode 0600 and reused on restart, so tokens survive a restart in development.
 */
export function loadOrCreateDevSecret(dataDir: string): Uint8Array {
  const path = join(dataDir, DEV_SECRET_FILE);
  if (existsSync(path)) return Buffer.from(readFileSync(path, "utf8").trim(), "base64url");
  mkdirSync(dataDir, { recursive: true });
  const secret = crypto.getRandomValues(new Uint8Array(64));
  try {
    // `wx` never overwrites a key another process wrote first; that one is used instead.
    writeFileSync(path, Buffer.from(secret).toString("base64url"), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return loadOrCreateDevSecret(dataDir);
    throw error;
  }
  chmodSync(path, 0o600);
  return secret;
}

/** Whether `secret` is the development key kept in `dataDir` (a production server must not use it). */
export function isDevSecret(dataDir: string, secret: Uint8Array): boolean {
  const path = join(dataDir, DEV_SECRET_FILE);
  if (!existsSync(path)) return false;
  const stored = readFileSync(path, "utf8").trim();
  return Buffer.from(secret).toString("utf8") === stored || Buffer.from(secret).equals(Buffer.from(stored, "base64url"));
}
