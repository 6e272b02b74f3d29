import type { MfaRequired } from "../contract-types.ts";

/** What a login resolved with, when it signed in: a test's account has no second factor. */
export function sessionOf<Session extends object>(signedIn: Session | MfaRequired): Session {
  if ("mfa_required" in signedIn) throw new Error("the login waits for a second factor");
  return signedIn;
}
