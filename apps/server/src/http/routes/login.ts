import { LoginBodySchema, ROUTES, type TokenPair } from "@jot/shared";
import { Elysia } from "elysia";
import { JotError } from "../../errors.ts";
import { parseInput } from "../parse-input.ts";
import type { RouteContext } from "../route-context.ts";
import { tokenPair } from "../token-pair.ts";

/**
 * `POST /auth/login` → 200 with a fresh access token and a refresh token. An unknown user costs
 * the same hashing work and gets the same answer as a wrong password (S-16).
 */
export function loginRoute({ users, passwords, tokens, clock }: RouteContext) {
  return new Elysia().post(ROUTES.login, async ({ body }): Promise<TokenPair> => {
    const input = parseInput(LoginBodySchema, body);
    const user = await users.findByUsername(input.username);
    const valid = user ? await passwords.verify(input.password, user.passwordHash) : await passwords.verifyNobody(input.password);
    if (!user || !valid) throw new JotError("bad_credentials");
    const sessionId = Bun.randomUUIDv7("hex", clock());
    return tokenPair(tokens, { userId: user.id, username: user.username, roles: user.roles, sessionId }, true);
  });
}
