import { type AuthenticationResponseJSON, generateAuthenticationOptions, type PublicKeyCredentialRequestOptionsJSON, verifyAuthenticationResponse } from "@simplewebauthn/server";
import { systemClock } from "../clock.ts";
import type { PasskeyCeremonyOptions } from "./passkey-ceremony-options.ts";
import { DEFAULT_CHALLENGE_TTL_SECONDS } from "./passkey-policy.ts";
import { PasskeyRefusal } from "./passkey-refusal.ts";
import type { StoredPasskey } from "./passkey-store.ts";
import { counterWentBackwards } from "./signature-counter.ts";
import { userIdOfHandle } from "./webauthn-encoding.ts";

/** Request options for `navigator.credentials.get`, with the id to answer them under. */
export type LoginOptions = PublicKeyCredentialRequestOptionsJSON & { challenge_id: string };

/** The answer to login options. */
export interface LoginAnswer {
  challenge_id: string;
  response: AuthenticationResponseJSON;
}

/**
 * Logging in with a passkey, as a first factor: user verification is required. With a user,
 * the options list their passkeys; without one (usernameless, autofill) the authenticator offers
 * its discoverable passkeys for this RP. A verified answer names the user to start a session for.
 */
export function loginCeremony({ relyingParty, passkeys, challenges, clock = systemClock, challengeTtlSeconds = DEFAULT_CHALLENGE_TTL_SECONDS }: PasskeyCeremonyOptions) {
  /** `userId`: the user a username named; `null` when none was given or it named nobody. */
  async function options(userId: string | null = null): Promise<LoginOptions> {
    const theirs = userId === null ? [] : await passkeys.listOf(userId);
    const created = await generateAuthenticationOptions({
      rpID: relyingParty.id,
      allowCredentials: theirs.map(({ id, transports }) => ({ id, transports })),
      userVerification: "required",
      timeout: challengeTtlSeconds * 1000,
    });
    await challenges.save({ challenge: created.challenge, purpose: "login", userId, expiresAt: clock() + challengeTtlSeconds * 1000 });
    return { ...created, challenge_id: created.challenge };
  }

  /** Verifies the answer; the passkey's counter, backup state and last use are recorded. Throws {@link PasskeyRefusal}. */
  async function verify({ challenge_id, response }: LoginAnswer): Promise<StoredPasskey> {
    const issued = await challenges.take(challenge_id, clock());
    if (!issued || issued.purpose !== "login") throw new PasskeyRefusal("challenge", "login");
    const passkey = await passkeys.find(response.id);
    if (!passkey) throw new PasskeyRefusal("unknown_credential", "login");
    const owner = { id: passkey.id, userId: passkey.userId };
    const handleUser = userIdOfHandle(response.response.userHandle);
    // Options for a named user admit only that user's passkeys; a user handle must name the owner.
    if ((issued.userId !== null && issued.userId !== passkey.userId) || (handleUser !== undefined && handleUser !== passkey.userId)) {
      throw new PasskeyRefusal("verification", "login", owner);
    }
    if (passkey.flaggedAt !== null) throw new PasskeyRefusal("flagged", "login", owner);
    let info;
    try {
      const verified = await verifyAuthenticationResponse({
        response,
        expectedChallenge: issued.challenge,
        expectedOrigin: [...relyingParty.origins],
        expectedRPID: relyingParty.id,
        // The counter rule is ours (signature-counter.ts): a backwards counter must flag, not only refuse.
        credential: { id: passkey.id, publicKey: passkey.publicKey, counter: 0, transports: passkey.transports as never },
        requireUserVerification: true,
      });
      info = verified.verified ? verified.authenticationInfo : undefined;
    } catch {
      // Every malformed or mismatched response throws in the library: all of them are the client's.
    }
    if (!info || !info.userVerified) throw new PasskeyRefusal("verification", "login", owner);
    const now = clock();
    if (counterWentBackwards(passkey.counter, info.newCounter)) {
      await passkeys.flag(passkey.id, now);
      throw new PasskeyRefusal("cloned", "login", owner);
    }
    await passkeys.recordUse(passkey.id, { counter: info.newCounter, backedUp: info.credentialBackedUp, usedAt: now });
    return { ...passkey, counter: info.newCounter, backedUp: info.credentialBackedUp, lastUsedAt: now };
  }

  return { options, verify };
}
