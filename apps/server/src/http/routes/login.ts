import { LoginBodySchema, ROUTES, type CookieSession, type MfaChallenge, type TokenPair } from "@jot/shared";
import { Elysia } from "elysia";
import { JotError } from "@jot/elysia/server";
import { passwordWorkClass, reservePasswordAttempt } from "../../throttle/throttles.ts";
import { moveToNormalizedForm, spellingFor, submittedPassword } from "../../users/password-form.ts";
import { clientAddress } from "../client-address.ts";
import { parseInput } from "../parse-input.ts";
import type { RouteContext } from "../route-context.ts";
import { documented, ROUTE_DOCS } from "../../openapi/route-docs.ts";
import { startLogin } from "../start-login.ts";

/**
 * `POST /auth/login` → 200 with a fresh access token and a refresh token that starts a new
 * session (refresh family). An unknown user costs the same hashing work and gets the same
 * answer as a wrong password (S-16). Attempts are throttled per account, per client address and
 * per network around it before any password is checked, so a correct password gets the same 429
 * while throttled (S-17, S-33); those with recent failures wait for the hasher behind the rest.
 * With a second factor on, a right password answers `{mfa_required, mfa_token, expires_in}` and
 * no token: the session starts at `POST /auth/mfa/verify`.
 */
export function loginRoute(context: RouteContext) {
  const { users, passwords, clock, config, throttles, audit, logError, mfa } = context;
  return new Elysia().post(ROUTES.login, async ({ body, request, server, set }): Promise<TokenPair | CookieSession | MfaChallenge> => {
    const input = parseInput(LoginBodySchema, body);
    const password = submittedPassword(input.password, "password");
    // The session begins before the password is read: a password change that lands while this
    // login is checking the old password covers the session it starts.
    const now = clock();
    const address = clientAddress(request, server, config.throttle.trustedProxies);
    // An account or network with recent failures waits behind everyone else for the hasher (S-33).
    const hasher = passwords.inClass(await passwordWorkClass(throttles, { username: input.username, address, now }));
    // An instance too busy to hash refuses before the attempt is counted: an overload never locks an account.
    hasher.ensureCapacity();
    // The submitted username is never logged: it may be a password typed into the wrong field.
    const succeeded = await reservePasswordAttempt(throttles, {
      username: input.username,
      address,
      now,
      onRefused: () => audit("login_throttled", request, { address }),
      login: true,
    });

    const user = await users.findByUsername(input.username);
    const valid = user ? await hasher.verify(spellingFor(password, user.passwordForm), user.passwordHash) : await hasher.verifyNobody(password.normalized);
    if (!user || !valid) {
      audit("login_failed", request, { ...(user ? { user_id: user.id } : {}), address, code: "bad_credentials" });
      throw new JotError("bad_credentials");
    }
    await succeeded(clock());
    // Only after the password is known good: a disabled account is not told to a guesser.
    if (user.disabledAt !== null) {
      audit("login_failed", request, { user_id: user.id, address, code: "account_disabled" });
      throw new JotError("account_disabled");
    }
    await moveToNormalizedForm(user, password, { users, passwords, logError });

    // With a second factor on, the password alone starts no session: the login waits for the code.
    if (await mfa.isEnabled(user.id)) return mfa.challenge({ userId: user.id, createdAt: now }, request);
    return startLogin(context, user, { request, set, startedAt: now, address });
  }, documented(ROUTE_DOCS.login));
}
