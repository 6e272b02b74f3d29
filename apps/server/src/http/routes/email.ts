import { EmailChangeBodySchema, EmailVerifyBodySchema, ROUTES, type MessageResponse } from "@jot/shared";
import { Elysia } from "elysia";
import { JotError } from "@jot/elysia/server";
import { reserveOneTimeTokenRedemption, reserveOneTimeTokenRequest } from "../../throttle/throttles.ts";
import { storedUserOf } from "../../users/stored-user.ts";
import { usernameKey } from "../../users/username-key.ts";
import { clientAddress } from "../client-address.ts";
import { parseInput } from "../parse-input.ts";
import type { RouteContext } from "../route-context.ts";
import { documented, guarded, ROUTE_DOCS } from "../../openapi/route-docs.ts";

/**
 * `PUT /auth/email {email}` with a fresh access token → 202: the email is set, unverified, and a
 * verification token is delivered to it. Changing where reset mail goes is as sensitive as the
 * password, so it needs a fresh token as a password change does. An address another account has
 * (whatever its case) is 409 `email_taken`; the same verified address again is 200, nothing sent.
 *
 * `POST /auth/email/verify {token}` → 200: the email the token was sent to is verified, if it is
 * still the user's.
 */
export function emailRoute({ auth, users, sessionService, throttles, config, clock, audit }: RouteContext) {
  return new Elysia()
    .use(auth)
    .put(
      ROUTES.email,
      async ({ claims, body, request, server, set }): Promise<MessageResponse> => {
        const input = parseInput(EmailChangeBodySchema, body);
        const address = clientAddress(request, server, config.throttle.trustedProxies);
        await reserveOneTimeTokenRequest(throttles, {
          account: usernameKey(claims.username),
          address,
          now: clock(),
          onRefused: () => audit("email_throttled", request, { user_id: claims.sub, address }),
        });
        const refusal = await users.setEmail(claims.sub, input.email);
        if (refusal === "email_taken") throw new JotError("email_taken");
        // A token whose user no longer exists is answered as /auth/me and PUT /auth/password answer it.
        const user = await storedUserOf({ users, sessionService }, claims.sub);
        audit("email_set", request, { user_id: claims.sub, session_id: claims.sid });
        if (user.emailVerified) return { msg: "Email already verified" };
        await auth.oneTimeTokens.issue("email_verification", { id: claims.sub, username: claims.username, email: input.email });
        set.status = 202;
        return { msg: "Email set; a verification token is on its way" };
      },
      guarded("fresh", ROUTE_DOCS.email),
    )
    .post(
      ROUTES.emailVerify,
      async ({ body, request, server }): Promise<MessageResponse> => {
        const input = parseInput(EmailVerifyBodySchema, body);
        const address = clientAddress(request, server, config.throttle.trustedProxies);
        const succeeded = await reserveOneTimeTokenRedemption(throttles, {
          address,
          now: clock(),
          onRefused: () => audit("email_throttled", request, { address }),
        });
        const redeemed = await auth.oneTimeTokens.redeem(input.token, "email_verification").catch((error: unknown) => {
          if (error instanceof JotError && error.code === "invalid_reset_token") audit("email_verify_failed", request, { address, code: error.code });
          throw error;
        });
        await succeeded(clock());
        // The email was changed again since this token was sent: it verifies nothing.
        if (redeemed.email === null || !(await users.verifyEmail(redeemed.subject, redeemed.email))) {
          audit("email_verify_failed", request, { user_id: redeemed.subject, address, code: "invalid_reset_token" });
          throw new JotError("invalid_reset_token");
        }
        audit("email_verified", request, { user_id: redeemed.subject, address });
        return { msg: "Email verified" };
      },
      documented(ROUTE_DOCS.emailVerify),
    );
}
