/**
 * Whether a signature counter suggests a cloned authenticator: when either the stored or the
 * presented counter is non-zero, the presented one must be greater. Both zero is an authenticator
 * that does not count (synced passkeys do not), and is accepted.
 */
export function counterWentBackwards(stored: number, presented: number): boolean {
  return (stored > 0 || presented > 0) && presented <= stored;
}
