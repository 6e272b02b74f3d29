import type { Config } from "../config/config.ts";
import type { CounterStore } from "./counter-store.ts";
import { Throttle } from "./throttle.ts";

/** The throttles of the auth routes, each with its configured limit. */
export interface Throttles {
  loginByAccount: Throttle;
  loginByAddress: Throttle;
  refreshByAddress: Throttle;
  registerByAddress: Throttle;
}

export function createThrottles(counters: CounterStore, { throttle }: Config): Throttles {
  const limit = (max: number) => new Throttle(counters, { max, windowMs: throttle.windowMs });
  return {
    loginByAccount: limit(throttle.loginFailuresPerAccount),
    loginByAddress: limit(throttle.loginFailuresPerAddress),
    refreshByAddress: limit(throttle.refreshFailuresPerAddress),
    registerByAddress: limit(throttle.registrationsPerAddress),
  };
}
