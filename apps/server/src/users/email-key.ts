/**
 * Emails compare without regard to case, so `Nate@Example.com` and `nate@example.com` are one
 * address: the key the users table is unique on. (RFC 5321 lets a local part be case-sensitive; no
 * mail system in use treats it so, and two accounts on one mailbox would share its reset mail.)
 */
export function emailKey(email: string): string {
  return email.toLowerCase();
}
