import { JotError } from "./jot-error.ts";

/** The app hooks `jot()` calls. */
export type HookName = "additionalClaims" | "userLookup" | "isRevoked" | "verifyClaims" | "onError";

/**
 * An app hook threw (S-30): answered `500 internal_error`, or `503 store_unavailable` when the
 * hook decides revocation, with jot's own message. The hook's error is kept as the `cause` and
 * logged as a `hook_error` line naming the hook; it never reaches a client.
 */
export class HookFailure extends JotError {
  constructor(
    readonly hook: HookName,
    cause: unknown,
  ) {
    super(hook === "isRevoked" ? "store_unavailable" : "internal_error", undefined, { cause });
    this.name = "HookFailure";
  }
}
