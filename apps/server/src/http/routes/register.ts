import { RegisterBodySchema, ROUTES, type RegisterResponse } from "@jot/shared";
import { Elysia } from "elysia";
import { JotError } from "@jot/elysia/server";
import { submittedPassword } from "../../users/password-form.ts";
import { clientAddress } from "../client-address.ts";
import { parseInput } from "../parse-input.ts";
import type { RouteContext } from "../route-context.ts";
import { documented, ROUTE_DOCS } from "../../openapi/route-docs.ts";

/** New users get this role. */
export const DEFAULT_ROLES = ["user"];

/**
 * `POST /auth/register {username, password, email?}` → 201 `{id, username}`. An email is stored
 * unverified and a verification token delivered to it; one another account has is 409 `email_taken`.
 */
export function registerRoute({ auth, config, users, passwords, throttles, audit, clock }: RouteContext) {
  return new Elysia().post(ROUTES.register, async ({ body, set, request, server }): Promise<RegisterResponse> => {
    if (config.registration === "closed") throw new JotError("registration_closed");
    const input = parseInput(RegisterBodySchema, body);
    const password = submittedPassword(input.password, "password");
    // An instance too busy to hash refuses before the attempt is counted.
    passwords.ensureCapacity?.();
    // Every attempt costs a password hash, so every attempt counts, per client address.
    const address = clientAddress(request, server, config.throttle.trustedProxies);
    const key = `register:address:${address}`;
    await throttles.registerByAddress.reserve([key], clock(), () => audit("register_throttled", request, { address }));
    if (await users.findByUsername(input.username)) throw new JotError("username_taken");
    const user = await users.create({
      username: input.username,
      passwordHash: await passwords.hash(password.normalized),
      roles: DEFAULT_ROLES,
      ...(input.email === undefined ? {} : { email: input.email }),
    });
    if (user === "email_taken") throw new JotError("email_taken");
    if (!user) throw new JotError("username_taken");
    audit("register", request, { user_id: user.id, address });
    if (user.email !== null) {
      audit("email_set", request, { user_id: user.id });
      await auth.oneTimeTokens.issue("email_verification", { id: user.id, username: user.username, email: user.email });
    }
    set.status = 201;
    return { id: user.id, username: user.username };
  }, documented(ROUTE_DOCS.register));
}
