import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** File name of the generated development key inside the data folder. */
export const DEV_SECRET_FILE = "jwt-secret.key";
/** File name of the generated development key TOTP secrets are encrypted with. */
export const DEV_MFA_KEY_FILE = "mfa-encryption.key";
const DEV_SECRET_BYTES = 64;

/**
 * The development signing key: generated once from the CSPRNG (64 bytes: enough for HS512),
 * stored with mode 0600 and reused on restart, so tokens survive a restart in development.
 * `file` names another key kept the same way (the TOTP secrets' key, {@link DEV_MFA_KEY_FILE}).
 * Throws when the stored key is damaged (shorter than generated): signing with it would be unsafe.
 */
export function loadOrCreateDevSecret(dataDir: string, file: string = DEV_SECRET_FILE): Uint8Array {
  const path = join(dataDir, file);
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true });
    // Written whole under another name, then linked into place: another process starting at the
    // same time sees no key or the whole key, never a partial one, and the first link wins.
    const partial = `${path}.${process.pid}.${crypto.randomUUID()}`;
    writeFileSync(partial, Buffer.from(crypto.getRandomValues(new Uint8Array(DEV_SECRET_BYTES))).toString("base64url"), { mode: 0o600 });
    chmodSync(partial, 0o600);
    try {
      linkSync(partial, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      rmSync(partial, { force: true });
    }
  }
  const secret = Buffer.from(readFileSync(path, "utf8").trim(), "base64url");
  if (secret.length < DEV_SECRET_BYTES) throw new Error(`${path} is damaged; delete it and a new key is generated`);
  return new Uint8Array(secret);
}

/** Whether `secret` is the development key kept in `dataDir` (a production server must not use it). */
export function isDevSecret(dataDir: string, secret: Uint8Array): boolean {
  const path = join(dataDir, DEV_SECRET_FILE);
  if (!existsSync(path)) return false;
  const stored = readFileSync(path, "utf8").trim();
  return Buffer.from(secret).toString("utf8") === stored || Buffer.from(secret).equals(Buffer.from(stored, "base64url"));
}
