import type { PasswordHasher } from "./password-hasher.ts";
import { PasswordWorkQueue, type PasswordWorkClass, type PasswordWorkLimits } from "./password-work-queue.ts";

/** A hasher whose work waits in a bounded queue, and can say whether there is room now. */
export type BoundedPasswordHasher = PasswordHasher & { ensureCapacity(): void };

/** A hasher behind a {@link PasswordWorkQueue}: its own methods queue as `clean` work. */
export interface QueuedPasswordHasher extends BoundedPasswordHasher {
  /** The same hasher, its work queued as `workClass`. */
  inClass(workClass: PasswordWorkClass): BoundedPasswordHasher;
}

/**
 * `hasher` behind one bounded {@link PasswordWorkQueue}: hashing, verifying and the dummy
 * verification of an unknown user all wait in the same queue, so each costs the same place in
 * it (S-16) and none can bypass the bound (S-27). Past the bound they reject with `overloaded`.
 */
export function limitPasswordWork(hasher: PasswordHasher, limits: PasswordWorkLimits): QueuedPasswordHasher {
  const queue = new PasswordWorkQueue(limits);
  const inClass = (workClass: PasswordWorkClass): BoundedPasswordHasher => ({
    hash: (password: string) => queue.run(() => hasher.hash(password), workClass),
    verify: (password: string, stored: string) => queue.run(() => hasher.verify(password, stored), workClass),
    verifyNobody: (password: string) => queue.run(() => hasher.verifyNobody(password), workClass),
    ensureCapacity: () => queue.ensureCapacity(workClass),
  });
  return { ...inClass("clean"), inClass };
}
