import type { PasskeyChallenge, PasskeyChallengeStore } from "./challenge-store.ts";

/** Challenges in this process's memory; expired ones are dropped whenever one is taken, so it stays small. */
export class MemoryChallengeStore implements PasskeyChallengeStore {
  private readonly challenges = new Map<string, PasskeyChallenge>();

  async save(challenge: PasskeyChallenge): Promise<void> {
    this.challenges.set(challenge.challenge, { ...challenge });
  }

  async take(challenge: string, now: number): Promise<PasskeyChallenge | undefined> {
    const kept = this.challenges.get(challenge);
    this.challenges.delete(challenge);
    for (const [key, other] of this.challenges) if (other.expiresAt <= now) this.challenges.delete(key);
    return kept && kept.expiresAt > now ? kept : undefined;
  }
}
