import { PasskeyLoginBodySchema, PasskeyLoginOptionsBodySchema, ROUTES, type CookieSession, type TokenPair } from "@jot/shared";
import { Elysia } from "elysia";
import { JotError, PASSKEY_AMR, PasskeyRefusal, type LoginAnswer, type LoginOptions, type StoredPasskey } from "@jot/elysia/server";
import { documented, ROUTE_DOCS } from "../../../openapi/route-docs.ts";
import type { PasskeyService } from "../../../passkeys/passkey-service.ts";
import { reserveLogin } from "../../../throttle/throttles.ts";
import { clientAddress } from "../../client-address.ts";
import { parseInput } from "../../parse-input.ts";
import type { RouteContext } from "../../route-context.ts";
import { startLogin } from "../../start-login.ts";

/**
 * `POST /auth/passkeys/login/options {username?}` and `…/login/verify {challenge_id, response}`:
 * a login with a passkey as the first factor (user verification required). Options are throttled
 * like logins, and verify needs the single-use challenge they issued; the session starts exactly
 * as a password login's does ({@link startLogin}), its tokens' `amr` naming the passkey ({@link PASSKEY_AMR}).
 */
export function passkeyLoginRoutes(context: RouteContext, passkeys: PasskeyService) {
  const { users, config, clock, throttles, audit } = context;
  return new Elysia()
    .post(
      ROUTES.passkeyLoginOptions,
      async ({ body, request, server }): Promise<LoginOptions> => {
        // No body at all is a usernameless login.
        const input = parseInput(PasskeyLoginOptionsBodySchema, body ?? {});
        const address = clientAddress(request, server, config.throttle.trustedProxies);
        await reserveLogin(throttles, { username: input.username, address, now: clock(), onRefused: () => audit("login_throttled", request, { address }) });
        // A username that names nobody gets the same options as none: the authenticator then offers what it has.
        const user = input.username === undefined ? undefined : await users.findByUsername(input.username);
        return passkeys.ceremony.loginOptions(user?.id ?? null);
      },
      documented(ROUTE_DOCS.passkeyLoginOptions),
    )
    .post(
      ROUTES.passkeyLoginVerify,
      async ({ body, request, server, set }): Promise<TokenPair | CookieSession> => {
        // The schema checks the response's shape; the ceremony reads and verifies its fields.
        const input = parseInput(PasskeyLoginBodySchema, body);
        const startedAt = clock();
        const address = clientAddress(request, server, config.throttle.trustedProxies);
        let passkey: StoredPasskey;
        try {
          passkey = await passkeys.ceremony.verifyLogin(input as unknown as LoginAnswer);
        } catch (error) {
          if (error instanceof PasskeyRefusal) {
            const event = error.refusal === "cloned" ? "passkey_clone_detected" : "passkey_login_failed";
            audit(event, request, { ...(error.passkey ? { user_id: error.passkey.userId, passkey_id: error.passkey.id } : {}), address, code: error.code, reason: error.refusal });
          }
          throw error;
        }
        const user = await users.findById(passkey.userId);
        const fields = { user_id: passkey.userId, passkey_id: passkey.id, address };
        if (!user) {
          audit("passkey_login_failed", request, { ...fields, code: "unknown_passkey", reason: "unknown_credential" });
          throw new JotError("unknown_passkey");
        }
        if (user.disabledAt !== null) {
          audit("passkey_login_failed", request, { ...fields, code: "account_disabled", reason: "account_disabled" });
          throw new JotError("account_disabled");
        }
        // A verified passkey is both factors: no code is asked, even of an account with a second factor on.
        return startLogin(context, user, { request, set, startedAt, address, amr: PASSKEY_AMR, passkeyId: passkey.id });
      },
      documented(ROUTE_DOCS.passkeyLoginVerify),
    );
}
