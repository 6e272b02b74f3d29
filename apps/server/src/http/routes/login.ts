import { LoginBodySchema, ROUTES, type TokenPair } from "@jot/shared";
import { Elysia } from "elysia";
import { JotError } from "../../errors.ts";
import { parseInput } from "../parse-input.ts";
import type { RouteContext } from "../route-context.ts";
import { tokenPair } from "../token-pair.ts";
import { userAgentOf } from "../user-agent.ts";

/**
 * `POST /auth/login` → 200 with a fresh access token and a refresh token that starts a new
 * session (refresh family). An unknown user costs the same hashing work and gets the same
 * answer as a wrong password (S-16).
 */
export function loginRoute({ users, passwords, tokens, sessions, clock, config }: RouteContext) {
  return new Elysia().post(ROUTES.login, async ({ body, request }): Promise<TokenPair> => {
    const input = parseInput(LoginBodySchema, body);
    const user = await users.findByUsername(input.username);
    const valid = user ? await passwords.verify(input.password, user.passwordHash) : await passwords.verifyNobody(input.password);
    if (!user || !valid) throw new JotError("bad_credentials");

    const now = clock();
    const subject = { userId: user.id, username: user.username, roles: user.roles, sessionId: Bun.randomUUIDv7("hex", now) };
    const expiresAt = Math.floor(now / 1000) + config.jwt.refreshTtlSeconds;
    const refresh = tokens.refresh(subject, { expiresAt });
    const { jti, iat, exp } = refresh.claims;
    await sessions.create({
      id: subject.sessionId,
      userId: user.id,
      createdAt: now,
      lastUsedAt: now,
      userAgent: userAgentOf(request),
      current: { jti, iat, exp },
      expiresAt,
    });
    return tokenPair(tokens, subject, true, refresh.token);
  });
}
