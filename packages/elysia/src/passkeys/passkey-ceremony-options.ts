import type { Clock } from "../clock.ts";
import type { PasskeyChallengeStore } from "./challenge-store.ts";
import type { PasskeyStore } from "./passkey-store.ts";

/** The relying party passkeys are bound to (S-34): configuration, never read from a request. */
export interface RelyingParty {
  /** The RP ID: the site's registrable domain or a host below it, e.g. `example.com` (`localhost` in development). */
  id: string;
  /** Shown by the authenticator while creating a passkey. */
  name: string;
  /** The origins a ceremony may come from, port included: `https://example.com`, `http://localhost:5173`. */
  origins: readonly string[];
}

/** What `passkeyCeremony` is built on. */
export interface PasskeyCeremonyOptions {
  relyingParty: RelyingParty;
  passkeys: PasskeyStore;
  challenges: PasskeyChallengeStore;
  /** @default systemClock */
  clock?: Clock;
  /** How long a challenge may be answered. @default 300 */
  challengeTtlSeconds?: number;
}

/** The user a passkey is registered for. */
export interface PasskeyUser {
  id: string;
  /** Shown by the authenticator (and, for a discoverable passkey, in the browser's account picker). */
  username: string;
}
