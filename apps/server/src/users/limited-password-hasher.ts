import type { PasswordHasher } from "./password-hasher.ts";
import { PasswordWorkQueue, type PasswordWorkLimits } from "./password-work-queue.ts";

/**
 * `hasher` behind one bounded {@link PasswordWorkQueue}: hashing, verifying and the dummy
 * verification of an unknown user all wait in the same queue, so each costs the same place in
 * it (S-16) and none can bypass the bound (S-27). Past the bound they reject with `overloaded`.
 */
export function limitPasswordWork(hasher: PasswordHasher, limits: PasswordWorkLimits): PasswordHasher {
  const queue = new PasswordWorkQueue(limits);
  return {
    hash: (password) => queue.run(() => hasher.hash(password)),
    verify: (password, stored) => queue.run(() => hasher.verify(password, stored)),
    verifyNobody: (password) => queue.run(() => hasher.verifyNobody(password)),
    ensureCapacity: () => queue.ensureCapacity(),
  };
}
