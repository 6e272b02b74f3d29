import type { Config } from "../config/config.ts";
import { networksOf } from "../http/ip-address.ts";
import type { PasswordWorkClass } from "../users/password-work-queue.ts";
import { usernameKey } from "../users/username-key.ts";
import type { CounterStore } from "./counter-store.ts";
import { Throttle } from "./throttle.ts";

/** The throttles of the auth routes, each with its configured limit. */
export interface Throttles {
  loginByAccount: Throttle;
  loginByAddress: Throttle;
  /** Failures per network around the client address: an IPv4 /24, an IPv6 /56. */
  loginByNetwork: Throttle;
  /** Failures per IPv6 /48 around the client address. */
  loginBySite: Throttle;
  /** Every login, successful ones too. */
  loginsByAccount: Throttle;
  loginsByAddress: Throttle;
  refreshByAddress: Throttle;
  registerByAddress: Throttle;
  /** Reset and verification requests (each sends a message), per account and per client address (S-32). */
  oneTimeTokensByAccount: Throttle;
  oneTimeTokensByAddress: Throttle;
  /** Wrong, used or expired reset and verification tokens per client address (S-32). */
  oneTimeTokenFailuresByAddress: Throttle;
  /** Wrong second-factor codes per account (`LOGIN_MAX_FAILURES` a window, as wrong passwords). */
  mfaByAccount: Throttle;
}

/** Who a password attempt is counted against. */
interface PasswordAttempt {
  username: string;
  /** The client key (`clientAddress`). */
  address: string;
}

/** One counter of failures, with the throttle that limits it. */
interface FailureCounter {
  throttle: Throttle;
  key: string;
}

/** The failure counters a password attempt is counted on: its account's, and its address's and networks' (S-33). */
function failureCounters(throttles: Throttles, { username, address }: PasswordAttempt): { account: FailureCounter; wider: FailureCounter[] } {
  const { network, site } = networksOf(address);
  return {
    account: { throttle: throttles.loginByAccount, key: `login:account:${usernameKey(username)}` },
    wider: [
      { throttle: throttles.loginByAddress, key: `login:address:${address}` },
      ...(network === undefined ? [] : [{ throttle: throttles.loginByNetwork, key: `login:network:${network}` }]),
      ...(site === undefined ? [] : [{ throttle: throttles.loginBySite, key: `login:site:${site}` }]),
    ],
  };
}

/**
 * The class a password attempt's work queues in (S-33): `suspect` when its account, its address
 * or a network around it has failures (or attempts still being checked) in the current window,
 * `clean` otherwise. Suspect work waits behind clean work and gives its place up to it, so guesses
 * from one network cannot starve the logins of everyone else. Read before the attempt is counted.
 */
export async function passwordWorkClass(throttles: Throttles, attempt: PasswordAttempt & { now: number }): Promise<PasswordWorkClass> {
  const { account, wider } = failureCounters(throttles, attempt);
  const counts = await Promise.all([account, ...wider].map(({ throttle, key }) => throttle.counted(key, attempt.now)));
  return counts.some((count) => count > 0) ? "suspect" : "clean";
}

/**
 * Counts one password attempt (a login, or a password change checking the current password)
 * against the account, the client address and the networks around it (S-33) before the password
 * is checked, refusing with 429 past any limit. Call the answer when the password was right: the
 * account's failures are wiped and the attempt is taken back from the address and its networks. A
 * login also counts against the limits of all logins, which a right password does not take back:
 * each costs an argon2id verify and a session.
 */
export async function reservePasswordAttempt(
  throttles: Throttles,
  attempt: PasswordAttempt & { now: number; onRefused: () => void; login?: boolean },
): Promise<(now: number) => Promise<void>> {
  if (attempt.login) await reserveLogin(throttles, attempt);
  const { account, wider } = failureCounters(throttles, attempt);
  for (const { throttle, key } of [account, ...wider]) await throttle.reserve([key], attempt.now, attempt.onRefused);
  return async (now) => {
    await account.throttle.clear(account.key);
    for (const { throttle, key } of wider) await throttle.release([key], now);
  };
}

/**
 * Counts one login of any kind against the limits of all logins, per account (when the attempt
 * names one) and per client address, refusing with 429 past either. A password login does this
 * before its guesses are counted; a passkey ceremony's options, which cost a stored challenge, too.
 */
export async function reserveLogin(
  throttles: Throttles,
  attempt: { username?: string | undefined; address: string; now: number; onRefused: () => void },
): Promise<void> {
  if (attempt.username !== undefined) await throttles.loginsByAccount.reserve([`logins:account:${usernameKey(attempt.username)}`], attempt.now, attempt.onRefused);
  await throttles.loginsByAddress.reserve([`logins:address:${attempt.address}`], attempt.now, attempt.onRefused);
}

export function createThrottles(counters: CounterStore, { throttle }: Config): Throttles {
  const limit = (max: number) => new Throttle(counters, { max, windowMs: throttle.windowMs });
  return {
    loginByAccount: limit(throttle.loginFailuresPerAccount),
    loginByAddress: limit(throttle.loginFailuresPerAddress),
    loginByNetwork: limit(throttle.loginFailuresPerNetwork),
    loginBySite: limit(throttle.loginFailuresPerSite),
    loginsByAccount: limit(throttle.loginsPerAccount),
    loginsByAddress: limit(throttle.loginsPerAddress),
    refreshByAddress: limit(throttle.refreshFailuresPerAddress),
    registerByAddress: limit(throttle.registrationsPerAddress),
    oneTimeTokensByAccount: limit(throttle.oneTimeTokensPerAccount),
    oneTimeTokensByAddress: limit(throttle.oneTimeTokensPerAddress),
    oneTimeTokenFailuresByAddress: limit(throttle.oneTimeTokenFailuresPerAddress),
    mfaByAccount: limit(throttle.loginFailuresPerAccount),
  };
}

/**
 * Counts one request for a reset or verification token against the account (by its folded name,
 * whether or not it exists, so the answer is the same) and the client address, refusing with 429
 * past either limit (S-32).
 */
export async function reserveOneTimeTokenRequest(
  throttles: Throttles,
  request: { account: string; address: string; now: number; onRefused: () => void },
): Promise<void> {
  await throttles.oneTimeTokensByAddress.reserve([`one-time:address:${request.address}`], request.now, request.onRefused);
  await throttles.oneTimeTokensByAccount.reserve([`one-time:account:${request.account}`], request.now, request.onRefused);
}

/**
 * Counts one redemption of a reset or verification token against the client address before the
 * token is looked at (S-32); call the answer when the token was good, to take the attempt back.
 */
export async function reserveOneTimeTokenRedemption(
  throttles: Throttles,
  request: { address: string; now: number; onRefused: () => void },
): Promise<(now: number) => Promise<void>> {
  const key = `one-time-failures:address:${request.address}`;
  await throttles.oneTimeTokenFailuresByAddress.reserve([key], request.now, request.onRefused);
  return (now) => throttles.oneTimeTokenFailuresByAddress.release([key], now);
}
