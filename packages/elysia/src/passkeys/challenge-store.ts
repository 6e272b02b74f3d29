/** What a ceremony's challenge was issued for. */
export type ChallengePurpose = "register" | "login";

/** A challenge the server issued, kept until answered or expired. Times in ms. */
export interface PasskeyChallenge {
  /** The random challenge, base64url; it is also the id the options answer with (`challenge_id`). */
  challenge: string;
  purpose: ChallengePurpose;
  /** Registration: the user adding a passkey. Login: the user named by the username, when one was given. */
  userId: string | null;
  expiresAt: number;
}

/**
 * Challenges on the server's side (S-34). `take` removes the challenge as it answers it, in one
 * step, so a challenge is answered once whatever races it.
 */
export interface PasskeyChallengeStore {
  save(challenge: PasskeyChallenge): Promise<void>;
  /** The challenge, removed; `undefined` when unknown, used or expired at `now` (ms). */
  take(challenge: string, now: number): Promise<PasskeyChallenge | undefined>;
}
