import type { SQL } from "bun";
import { orUnavailable, type PasskeyChallenge, type PasskeyChallengeStore } from "@jot/elysia/server";

/** Passkey challenges in the SQL database, so any instance can answer a ceremony another began. */
export class SqlChallengeStore implements PasskeyChallengeStore {
  constructor(private readonly sql: SQL) {}

  save(challenge: PasskeyChallenge): Promise<void> {
    return orUnavailable("database", "passkeyChallenges.save", async () => {
      await this.sql`
        insert into passkey_challenges (challenge, purpose, user_id, expires_at)
        values (${challenge.challenge}, ${challenge.purpose}, ${challenge.userId}, ${challenge.expiresAt})`;
    });
  }

  /** One `delete … returning`: of two requests answering the same challenge, one gets it. Expired ones are dropped on the way. */
  take(challenge: string, now: number): Promise<PasskeyChallenge | undefined> {
    return orUnavailable("database", "passkeyChallenges.take", async () => {
      const [row] = await this.sql`delete from passkey_challenges where challenge = ${challenge} returning *`;
      await this.sql`delete from passkey_challenges where expires_at <= ${now}`;
      if (row === undefined || Number(row.expires_at) <= now) return undefined;
      return { challenge: row.challenge, purpose: row.purpose === "register" ? "register" : "login", userId: row.user_id, expiresAt: Number(row.expires_at) };
    });
  }
}
