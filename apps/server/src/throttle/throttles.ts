import type { Config } from "../config/config.ts";
import type { CounterStore } from "./counter-store.ts";
import { Throttle } from "./throttle.ts";

/** The throttles of the auth routes, each with its configured limit. */
export interface Throttles {
  loginByAccount: Throttle;
  loginByAddress: Throttle;
  /** Every login, successful ones too. */
  loginsByAccount: Throttle;
  loginsByAddress: Throttle;
  refreshByAddress: Throttle;
  registerByAddress: Throttle;
}

/**
 * Counts one password attempt (a login, or a password change checking the current password)
 * against the account and the client address before the password is checked, refusing with 429
 * past either limit. Call the answer when the password was right: the account's failures are
 * wiped and the address's attempt is taken back. A login also counts against the limits of all
 * logins, which a right password does not take back: each costs an argon2id verify and a session.
 */
export async function reservePasswordAttempt(
  throttles: Throttles,
  attempt: { username: string; address: string; now: number; onRefused: () => void; login?: boolean },
): Promise<(now: number) => Promise<void>> {
  const accountKey = `login:account:${attempt.username.toLowerCase()}`;
  const addressKey = `login:address:${attempt.address}`;
  if (attempt.login) {
    await throttles.loginsByAccount.reserve([`logins:account:${attempt.username.toLowerCase()}`], attempt.now, attempt.onRefused);
    await throttles.loginsByAddress.reserve([`logins:address:${attempt.address}`], attempt.now, attempt.onRefused);
  }
  await throttles.loginByAccount.reserve([accountKey], attempt.now, attempt.onRefused);
  await throttles.loginByAddress.reserve([addressKey], attempt.now, attempt.onRefused);
  return async (now) => {
    await throttles.loginByAccount.clear(accountKey);
    await throttles.loginByAddress.release([addressKey], now);
  };
}

export function createThrottles(counters: CounterStore, { throttle }: Config): Throttles {
  const limit = (max: number) => new Throttle(counters, { max, windowMs: throttle.windowMs });
  return {
    loginByAccount: limit(throttle.loginFailuresPerAccount),
    loginByAddress: limit(throttle.loginFailuresPerAddress),
    loginsByAccount: limit(throttle.loginsPerAccount),
    loginsByAddress: limit(throttle.loginsPerAddress),
    refreshByAddress: limit(throttle.refreshFailuresPerAddress),
    registerByAddress: limit(throttle.registrationsPerAddress),
  };
}
