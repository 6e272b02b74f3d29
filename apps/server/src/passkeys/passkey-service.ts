import { type Clock, passkeyCeremony, type PasskeyCeremony, type PasskeyChallengeStore, type PasskeyStore, type RelyingParty } from "@jot/elysia/server";

/** The server's passkeys: the library's ceremonies on the configured relying party, and the store they keep passkeys in. */
export interface PasskeyService {
  ceremony: PasskeyCeremony;
  store: PasskeyStore;
}

/** The passkey service of a configuration; `undefined` when passkeys are off. */
export function passkeyService(
  relyingParty: RelyingParty | undefined,
  { passkeys, challenges, clock }: { passkeys: PasskeyStore; challenges: PasskeyChallengeStore; clock: Clock },
): PasskeyService | undefined {
  if (!relyingParty) return undefined;
  return { ceremony: passkeyCeremony({ relyingParty, passkeys, challenges, clock }), store: passkeys };
}
