/**
 * A random one-time secret (an `mfa_token`): 32 CSPRNG bytes in base64url. Only its
 * {@link hashOneTimeSecret} is stored (S-32).
 */
export function newOneTimeToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
}

/**
 * What is stored of a one-time secret: its SHA-256, hex. A fast hash is enough: the secrets are
 * random with nearly 80 bits or more, so there is nothing to guess from the hash, and finding a row
 * by its hash compares no byte of the secret itself: timing tells nothing about it.
 */
export function hashOneTimeSecret(secret: string): string {
  return new Bun.CryptoHasher("sha256").update(secret).digest("hex");
}

/** Letters and digits that are not easily mistaken for one another when read off paper (no 0/o, 1/l/i). */
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const RECOVERY_GROUPS = 4;
const RECOVERY_GROUP_LENGTH = 4;

/** Ten recovery codes such as `k7wq-2mzr-h9ad-x3fe`: 16 characters of 31, about 79 bits each. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const characters = Array.from({ length: RECOVERY_GROUPS * RECOVERY_GROUP_LENGTH }, () => RECOVERY_ALPHABET[uniformIndex(RECOVERY_ALPHABET.length)]!);
    const groups = Array.from({ length: RECOVERY_GROUPS }, (_, group) => characters.slice(group * RECOVERY_GROUP_LENGTH, (group + 1) * RECOVERY_GROUP_LENGTH).join(""));
    return groups.join("-");
  });
}

/** A recovery code as typed, in the form it was hashed in: case, spaces and dashes do not matter. */
export function normalizeRecoveryCode(typed: string): string {
  return typed.toLowerCase().replace(/[\s-]/g, "");
}

/** An index below `size` from the CSPRNG, without modulo bias. */
function uniformIndex(size: number): number {
  const limit = 256 - (256 % size);
  for (;;) {
    const [byte] = crypto.getRandomValues(new Uint8Array(1));
    if (byte! < limit) return byte! % size;
  }
}
