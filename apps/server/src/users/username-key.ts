/**
 * Usernames compare without regard to case, so `Alice` and `alice` are one account: the key the
 * users table is unique on, and the one each account's login throttles count on.
 */
export function usernameKey(username: string): string {
  return username.toLowerCase();
}
