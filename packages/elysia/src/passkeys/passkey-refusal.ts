import { JotError } from "../errors/jot-error.ts";

/**
 * Why a passkey ceremony was refused, as a fact for the app's audit log and metrics:
 * - `challenge`: the challenge is unknown, used, expired, or was issued for someone else;
 * - `unknown_credential`: no passkey has this credential id (never registered, or removed);
 * - `verification`: the response does not verify (signature, origin, RP ID, user verification, algorithm);
 * - `cloned`: a non-zero signature counter went backwards: the passkey is flagged now;
 * - `flagged`: the passkey was flagged as possibly cloned before;
 * - `duplicate`: the authenticator's credential is registered already.
 */
export type PasskeyRefusalReason = "challenge" | "unknown_credential" | "verification" | "cloned" | "flagged" | "duplicate";

/** A refused passkey ceremony: a {@link JotError} with the reason and, when known, the passkey and its user. */
export class PasskeyRefusal extends JotError {
  constructor(
    readonly refusal: PasskeyRefusalReason,
    readonly ceremony: "register" | "login",
    readonly passkey?: { id: string; userId: string },
  ) {
    super(...codeAndMessage(refusal, ceremony));
    this.name = "PasskeyRefusal";
  }
}

function codeAndMessage(refusal: PasskeyRefusalReason, ceremony: "register" | "login"): [ "unknown_passkey" | "bad_credentials" | "invalid_request", string ] {
  if (refusal === "unknown_credential") return ["unknown_passkey", "Unknown passkey"];
  if (ceremony === "register") return ["invalid_request", refusal === "duplicate" ? "This passkey is registered already" : refusal === "challenge" ? "The passkey challenge is unknown, used or expired" : "The passkey could not be verified"];
  return ["bad_credentials", refusal === "challenge" ? "The passkey challenge is unknown, used or expired" : "Passkey not accepted"];
}
