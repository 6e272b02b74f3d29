import { createHmacKey, createTokenIssuer } from "@jot/elysia/server";

/** How long minted tokens stay valid: longer than any run. */
const LIFETIME_SECONDS = 6 * 3600;

/**
 * Writes `count` distinct HS256 access tokens, one per line, each for its own user and session,
 * signed with `secret` (UTF-8, as JWT_SECRET_KEY is read). They are exactly what jot issues at a
 * login, so jot, the peers and the bare route all accept them, without `count` password hashes.
 */
export async function mintTokens(secret: string, count: number, file: string): Promise<void> {
  const settings = {
    key: createHmacKey("HS256", new TextEncoder().encode(secret)),
    leewaySeconds: 0,
    accessTtlSeconds: LIFETIME_SECONDS,
    refreshTtlSeconds: LIFETIME_SECONDS,
  };
  const issuer = createTokenIssuer(settings, Date.now);
  const lines: string[] = [];
  for (let index = 0; index < count; index++) {
    const subject = { userId: crypto.randomUUID(), username: `user${index}`, roles: [], sessionId: crypto.randomUUID() };
    lines.push((await issuer.access(subject, { fresh: true })).token);
  }
  await Bun.write(file, `${lines.join("\n")}\n`);
}
