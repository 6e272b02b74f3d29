import { ResetPasswordBodySchema, ROUTES, type MessageResponse } from "@jot/shared";
import { Elysia } from "elysia";
import { JotError } from "@jot/elysia/server";
import { reserveOneTimeTokenRedemption } from "../../throttle/throttles.ts";
import { submittedPassword } from "../../users/password-form.ts";
import { replacePassword } from "../../users/replace-password.ts";
import { clientAddress } from "../client-address.ts";
import { parseInput } from "../parse-input.ts";
import type { RouteContext } from "../route-context.ts";
import { documented, ROUTE_DOCS } from "../../openapi/route-docs.ts";

/**
 * `POST /auth/password/reset {token, new_password, remove_passkeys?}` → 200: the token is used up,
 * the password set under registration's rule, and every session of the user ended, as a password
 * change ends them (S-32). The user's passkeys are removed only with `remove_passkeys: true`. A wrong, used or expired token is 400 `invalid_reset_token`, and counts against the
 * client address (S-32).
 */
export function passwordResetRoute({ auth, users, passwords, sessionService, throttles, config, clock, audit, passkeyChanges }: RouteContext) {
  return new Elysia().post(ROUTES.passwordReset, async ({ body, request, server }): Promise<MessageResponse> => {
    const input = parseInput(ResetPasswordBodySchema, body);
    const next = submittedPassword(input.new_password, "new_password");
    // An instance too busy to hash refuses before the token is used up.
    passwords.ensureCapacity();
    const address = clientAddress(request, server, config.throttle.trustedProxies);
    const succeeded = await reserveOneTimeTokenRedemption(throttles, {
      address,
      now: clock(),
      onRefused: () => audit("password_reset_throttled", request, { address }),
    });
    const redeemed = await auth.oneTimeTokens.redeem(input.token, "password_reset").catch((error: unknown) => {
      if (error instanceof JotError && error.code === "invalid_reset_token") audit("password_reset_failed", request, { address, code: error.code });
      throw error;
    });
    await succeeded(clock());
    const user = await users.findById(redeemed.subject);
    // Deleted since the token was issued: the token was good for nothing.
    if (!user) throw new JotError("invalid_reset_token");
    // Passkeys stay unless the body asks: a forgotten password says nothing against them.
    if (input.remove_passkeys === true) await passkeyChanges.removeAll(request, user.id, { address, reason: "password_reset" });
    await replacePassword({ users, sessionService }, user.id, await passwords.hash(next.normalized));
    audit("password_reset", request, { user_id: user.id, address });
    return { msg: "Password reset; every session has ended" };
  }, documented(ROUTE_DOCS.passwordReset));
}
