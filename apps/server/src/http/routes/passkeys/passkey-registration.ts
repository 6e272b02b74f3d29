import { PasskeyRegisterBodySchema, ROUTES, type PasskeyCreatedResponse } from "@jot/shared";
import { Elysia } from "elysia";
import { PasskeyRefusal, type RegistrationAnswer, type RegistrationOptions, type StoredPasskey } from "@jot/elysia/server";
import { guarded, ROUTE_DOCS } from "../../../openapi/route-docs.ts";
import type { PasskeyService } from "../../../passkeys/passkey-service.ts";
import { createdPasskeyOf } from "../../../passkeys/passkey-summary.ts";
import { reserveLogin } from "../../../throttle/throttles.ts";
import { clientAddress } from "../../client-address.ts";
import { parseInput } from "../../parse-input.ts";
import type { RouteContext } from "../../route-context.ts";

/**
 * `POST /auth/passkeys/register/options` and `…/register/verify`: a signed-in user adds a passkey.
 * Both need a fresh access token, as a password change does (S-34): a stolen, refreshed token
 * cannot add a way in. Options are throttled like logins; every outcome of verify is audited.
 */
export function passkeyRegistrationRoutes({ auth, config, clock, throttles, audit, passkeyChanges }: RouteContext, passkeys: PasskeyService) {
  return new Elysia()
    .use(auth)
    .post(
      ROUTES.passkeyRegisterOptions,
      async ({ claims, request, server }): Promise<RegistrationOptions> => {
        const address = clientAddress(request, server, config.throttle.trustedProxies);
        await reserveLogin(throttles, { username: claims.username, address, now: clock(), onRefused: () => audit("login_throttled", request, { address }) });
        return passkeys.ceremony.registrationOptions({ id: claims.sub, username: claims.username });
      },
      guarded("fresh", ROUTE_DOCS.passkeyRegisterOptions),
    )
    .post(
      ROUTES.passkeyRegisterVerify,
      async ({ claims, body, request, set }): Promise<PasskeyCreatedResponse> => {
        // The schema checks the response's shape; the ceremony reads and verifies its fields.
        const input = parseInput(PasskeyRegisterBodySchema, body);
        const answer = { response: input.response, name: input.name, challenge_id: input.challenge_id } as unknown as RegistrationAnswer;
        let passkey: StoredPasskey;
        try {
          passkey = await passkeys.ceremony.verifyRegistration({ id: claims.sub, username: claims.username }, answer);
        } catch (error) {
          if (error instanceof PasskeyRefusal) audit("passkey_register_failed", request, { user_id: claims.sub, session_id: claims.sid, code: error.code, reason: error.refusal });
          throw error;
        }
        passkeyChanges.added(request, passkey, { session_id: claims.sid });
        set.status = 201;
        return createdPasskeyOf(passkey);
      },
      guarded("fresh", ROUTE_DOCS.passkeyRegisterVerify),
    );
}
