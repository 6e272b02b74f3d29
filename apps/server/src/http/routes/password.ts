import { PasswordChangeBodySchema, ROUTES, type MessageResponse } from "@jot/shared";
import { Elysia } from "elysia";
import { JotError } from "@jot/elysia/server";
import { passwordWorkClass, reservePasswordAttempt } from "../../throttle/throttles.ts";
import { spellingFor, submittedPassword } from "../../users/password-form.ts";
import { replacePassword } from "../../users/replace-password.ts";
import { storedUserOf } from "../../users/stored-user.ts";
import { clientAddress } from "../client-address.ts";
import { parseInput } from "../parse-input.ts";
import type { RouteContext } from "../route-context.ts";
import { guarded, ROUTE_DOCS } from "../../openapi/route-docs.ts";

/**
 * `PUT /auth/password {current_password, new_password}` with a fresh access token: checks the
 * current password, stores the new hash and ends every other session of the user (S-13), those
 * begun with the old password while the change was under way included (S-28).
 */
export function passwordRoute({ auth, users, passwords, sessionService, clock, config, audit, throttles }: RouteContext) {
  return new Elysia().use(auth).put(
    ROUTES.password,
    async ({ claims, body, request, server }): Promise<MessageResponse> => {
      const input = parseInput(PasswordChangeBodySchema, body);
      const current = submittedPassword(input.current_password, "current_password");
      const next = submittedPassword(input.new_password, "new_password");
      // Checking the current password is a password guess like a login, and counts and queues with them (S-17, S-33).
      const address = clientAddress(request, server, config.throttle.trustedProxies);
      const now = clock();
      const hasher = passwords.inClass(await passwordWorkClass(throttles, { username: claims.username, address, now }));
      // A change the hasher has no room for is refused before it counts as a guess.
      hasher.ensureCapacity();
      const succeeded = await reservePasswordAttempt(throttles, {
        username: claims.username,
        address,
        now,
        onRefused: () => audit("password_change_throttled", request, { user_id: claims.sub, address }),
      });
      const user = await storedUserOf({ users, sessionService }, claims.sub);
      if (!(await hasher.verify(spellingFor(current, user.passwordForm), user.passwordHash))) {
        audit("password_change_failed", request, { user_id: claims.sub, session_id: claims.sid, code: "bad_credentials" });
        throw new JotError("bad_credentials", "Current password is incorrect");
      }
      await succeeded(clock());
      const newHash = await passwords.hash(next.normalized);
      await replacePassword({ users, sessionService }, user.id, newHash, claims.sid);
      // A reset link asked for before is of no use once the password is changed.
      await auth.oneTimeTokens.discard(user.id, "password_reset");
      audit("password_changed", request, { user_id: user.id, session_id: claims.sid });
      return { msg: "Password changed" };
    },
    guarded("fresh", ROUTE_DOCS.password),
  );
}
