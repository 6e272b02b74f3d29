import { MfaVerifyBodySchema, ROUTES, type CookieSession, type TokenPair } from "@jot/shared";
import { Elysia } from "elysia";
import { JotError } from "@jot/elysia/server";
import { documented, ROUTE_DOCS } from "../../openapi/route-docs.ts";
import { clientAddress } from "../client-address.ts";
import { parseInput } from "../parse-input.ts";
import type { RouteContext } from "../route-context.ts";
import { secondFactorOf } from "../second-factor.ts";
import { startLogin } from "../start-login.ts";

/**
 * What a session begun with a password and a second factor says of itself (RFC 8176), a recovery
 * code included: it is a one-time password too. `mfa` is what a step-up asking for two factors
 * names (`{ auth: { amr: ["mfa"] } }`); a passkey login's `amr` carries it as well.
 */
const PASSWORD_AND_OTP = ["pwd", "otp", "mfa"] as const;

/**
 * `POST /auth/mfa/verify {mfa_token, code | recovery_code}` → the login body: the login a right
 * password began (`POST /auth/login` answered `mfa_required`) ends as every login does
 * ({@link startLogin}), its tokens carrying `amr: ["pwd", "otp", "mfa"]`. Wrong codes are throttled per
 * account; a wrong, used or expired code or token is `401 invalid_code` (S-32).
 */
export function mfaVerifyRoute(context: RouteContext) {
  const { mfa, users, config } = context;
  return new Elysia().post(ROUTES.mfaVerify, async ({ body, request, server, set }): Promise<TokenPair | CookieSession> => {
    const input = parseInput(MfaVerifyBodySchema, body);
    const factor = secondFactorOf(input);
    const login = await mfa.redeem(input.mfa_token, factor, request);
    const user = await users.findById(login.userId);
    // Disabled or removed while the code was being typed: as a login would be.
    if (!user) throw new JotError("invalid_code", "The mfa_token is unknown, used or expired; log in again");
    if (user.disabledAt !== null) throw new JotError("account_disabled");
    const address = clientAddress(request, server, config.throttle.trustedProxies);
    return startLogin(context, user, { request, set, startedAt: login.createdAt, address, amr: PASSWORD_AND_OTP });
  }, documented(ROUTE_DOCS.mfaVerify));
}
