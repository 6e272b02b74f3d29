import { generateRegistrationOptions, type PublicKeyCredentialCreationOptionsJSON, type RegistrationResponseJSON, verifyRegistrationResponse } from "@simplewebauthn/server";
import { systemClock } from "../clock.ts";
import type { PasskeyCeremonyOptions, PasskeyUser } from "./passkey-ceremony-options.ts";
import { DEFAULT_CHALLENGE_TTL_SECONDS, PASSKEY_ALGORITHMS } from "./passkey-policy.ts";
import { PasskeyRefusal } from "./passkey-refusal.ts";
import type { StoredPasskey } from "./passkey-store.ts";
import { challengeOf, userHandleOf } from "./webauthn-encoding.ts";

/** Creation options for `navigator.credentials.create`, with the id to answer them under. */
export type RegistrationOptions = PublicKeyCredentialCreationOptionsJSON & { challenge_id: string };

/** The answer to registration options. */
export interface RegistrationAnswer {
  response: RegistrationResponseJSON;
  /** @default "Passkey" */
  name?: string | undefined;
  /** The options' `challenge_id`; when left out, the challenge the signed response names. */
  challenge_id?: string | undefined;
}

/**
 * Registering a passkey: options that exclude the user's passkeys (one authenticator is not
 * registered twice), ask for a discoverable credential with user verification and attestation
 * `none`, and offer only {@link PASSKEY_ALGORITHMS}; then the verified answer is stored.
 */
export function registrationCeremony({ relyingParty, passkeys, challenges, clock = systemClock, challengeTtlSeconds = DEFAULT_CHALLENGE_TTL_SECONDS }: PasskeyCeremonyOptions) {
  async function options(user: PasskeyUser): Promise<RegistrationOptions> {
    const existing = await passkeys.listOf(user.id);
    const created = await generateRegistrationOptions({
      rpName: relyingParty.name,
      rpID: relyingParty.id,
      userName: user.username,
      userID: userHandleOf(user.id),
      timeout: challengeTtlSeconds * 1000,
      attestationType: "none",
      excludeCredentials: existing.map(({ id, transports }) => ({ id, transports })),
      authenticatorSelection: { residentKey: "required", userVerification: "required" },
      supportedAlgorithmIDs: [...PASSKEY_ALGORITHMS],
    });
    await challenges.save({ challenge: created.challenge, purpose: "register", userId: user.id, expiresAt: clock() + challengeTtlSeconds * 1000 });
    return { ...created, challenge_id: created.challenge };
  }

  async function verify(user: PasskeyUser, answer: RegistrationAnswer): Promise<StoredPasskey> {
    const challengeId = answer.challenge_id ?? challengeOf(answer.response);
    const issued = challengeId === undefined ? undefined : await challenges.take(challengeId, clock());
    if (!issued || issued.purpose !== "register" || issued.userId !== user.id) throw new PasskeyRefusal("challenge", "register");
    let info;
    try {
      const verified = await verifyRegistrationResponse({
        response: answer.response,
        expectedChallenge: issued.challenge,
        expectedOrigin: [...relyingParty.origins],
        expectedRPID: relyingParty.id,
        requireUserVerification: true,
        supportedAlgorithmIDs: [...PASSKEY_ALGORITHMS],
      });
      info = verified.verified ? verified.registrationInfo : undefined;
    } catch {
      // The library throws for every malformed or mismatched response: all of them are the client's.
    }
    if (!info) throw new PasskeyRefusal("verification", "register");
    const now = clock();
    const passkey: StoredPasskey = {
      id: info.credential.id,
      userId: user.id,
      name: answer.name ?? "Passkey",
      publicKey: info.credential.publicKey,
      counter: info.credential.counter,
      transports: info.credential.transports ?? [],
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
      createdAt: now,
      lastUsedAt: null,
      flaggedAt: null,
    };
    if (!(await passkeys.add(passkey))) throw new PasskeyRefusal("duplicate", "register", { id: passkey.id, userId: user.id });
    return passkey;
  }

  return { options, verify };
}
