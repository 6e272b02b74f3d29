import { ForgotPasswordBodySchema, ROUTES, type MessageResponse } from "@jot/shared";
import { Elysia } from "elysia";
import { reserveOneTimeTokenRequest } from "../../throttle/throttles.ts";
import { usernameKey } from "../../users/username-key.ts";
import { clientAddress } from "../client-address.ts";
import { parseInput } from "../parse-input.ts";
import type { RouteContext } from "../route-context.ts";
import { documented, ROUTE_DOCS } from "../../openapi/route-docs.ts";

/** The one answer of `POST /auth/password/forgot`, whoever asks about whichever name. */
export const FORGOT_ANSWER: MessageResponse = { msg: "If the account exists, a password reset token is on its way" };

/**
 * `POST /auth/password/forgot {username}` → 202, the same body whether or not the user exists
 * (S-32). Before the answer only what is the same for every name is done: the body is read and the
 * request counted against the name and the client address. Looking the user up, issuing the token
 * and delivering it happen after the answer, so its timing tells nothing either.
 */
export function passwordForgotRoute({ auth, users, throttles, config, clock, audit, background }: RouteContext) {
  return new Elysia().post(ROUTES.passwordForgot, async ({ body, request, server, set }): Promise<MessageResponse> => {
    const input = parseInput(ForgotPasswordBodySchema, body);
    const address = clientAddress(request, server, config.throttle.trustedProxies);
    await reserveOneTimeTokenRequest(throttles, {
      account: usernameKey(input.username),
      address,
      now: clock(),
      onRefused: () => audit("password_reset_throttled", request, { address }),
    });
    background.run(async () => {
      const user = await users.findByUsername(input.username);
      audit("password_reset_requested", request, { ...(user ? { user_id: user.id } : {}), address });
      // A disabled account could not log in with a new password: it is sent nothing.
      if (!user || user.disabledAt !== null) return;
      // Only a verified email receives reset mail.
      await auth.oneTimeTokens.issue("password_reset", { id: user.id, username: user.username, email: user.emailVerified ? user.email : null });
    });
    set.status = 202;
    return FORGOT_ANSWER;
  }, documented(ROUTE_DOCS.passwordForgot));
}
