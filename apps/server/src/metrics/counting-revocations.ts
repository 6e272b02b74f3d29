import type { RevocationStore } from "@jot/elysia/server";
import type { Metrics } from "./metrics.ts";

/** The kind each write of the store's interface revokes. */
const KINDS: Record<string, string> = { revokeToken: "token", revokeSession: "session", revokeUserSessions: "user" };

/**
 * The revocation store, counting each revocation written once the store has it. Everything else
 * (the guard's `isRevoked` above all) goes to the store itself, bound to it: stores keep `#private` state.
 */
export function countingRevocations(store: RevocationStore, metrics: Metrics): RevocationStore {
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      let method = bound.get(property);
      if (method === undefined) {
        const kind = typeof property === "string" ? KINDS[property] : undefined;
        method =
          kind === undefined
            ? value.bind(target)
            : async (...args: unknown[]) => {
                await value.apply(target, args);
                metrics.revocations.inc({ kind });
              };
        bound.set(property, method);
      }
      return method;
    },
  });
}
