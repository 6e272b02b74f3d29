/**
 * What an SDK login resolved with, when it signed in: the account of a test that has no second
 * factor. Throws when the login waits for one (`{ mfa_required: true }`), which that test did not expect.
 */
export function sessionOf<Session extends object>(signedIn: Session | { mfa_required: true }): Session {
  if ("mfa_required" in signedIn) throw new Error("the login waits for a second factor");
  return signedIn;
}
