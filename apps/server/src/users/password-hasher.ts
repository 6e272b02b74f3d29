/**
 * argon2id parameters (S-15): OWASP's minimum is m = 19 MiB, t = 2, p = 1.
 * Bun's `memoryCost` is in KiB; Bun uses one lane.
 */
export const ARGON2ID_PARAMS = { algorithm: "argon2id", memoryCost: 19456, timeCost: 2 } as const;

/** Hashes and checks passwords; the PHC string keeps the parameters, so they can be raised later. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
  /**
   * Does the work of one `verify` and answers false: used when the user does not exist, so an
   * unknown user costs the same time as a wrong password (S-16).
   */
  verifyNobody(password: string): Promise<false>;
  /**
   * Throws `overloaded` when password work submitted now would be refused, so a route can refuse
   * before it counts an attempt against a throttle. Absent where there is no bound.
   */
  ensureCapacity?(): void;
}

export function createPasswordHasher(params: typeof ARGON2ID_PARAMS = ARGON2ID_PARAMS): PasswordHasher {
  return hasherOf(
    (password) => Bun.password.hash(password, params),
    async (password, stored) => {
      try {
        return await Bun.password.verify(password, stored);
      } catch {
        return false; // a hash this build cannot read is a failed login, never a 500
      }
    },
  );
}

/** A {@link PasswordHasher} from its two operations, with `verifyNobody` against a hash of its own. */
export function hasherOf(hash: (password: string) => Promise<string>, verify: (password: string, stored: string) => Promise<boolean>): PasswordHasher {
  // Made now, not at the first unknown user: that login must not cost one hash more than a wrong password.
  const dummyHash = hash(crypto.randomUUID());
  // Its failure is the unknown-user login's to report, not an unhandled rejection at start-up.
  dummyHash.catch(() => undefined);
  return {
    hash,
    verify,
    async verifyNobody(password) {
      await verify(password, await dummyHash);
      return false;
    },
  };
}
