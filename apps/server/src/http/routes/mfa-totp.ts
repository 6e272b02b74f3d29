import { MfaConfirmBodySchema, MfaDisableBodySchema, ROUTES, type MessageResponse, type RecoveryCodes, type TotpEnrolment } from "@jot/shared";
import { Elysia } from "elysia";
import { guarded, ROUTE_DOCS } from "../../openapi/route-docs.ts";
import { parseInput } from "../parse-input.ts";
import type { RouteContext } from "../route-context.ts";
import { secondFactorOf } from "../second-factor.ts";

/**
 * The TOTP second factor of the caller, each step with a fresh access token (for a user with the
 * factor on, fresh tokens come only from `POST /auth/mfa/verify`):
 * `POST /auth/mfa/totp` enrols a secret, `POST /auth/mfa/totp/confirm {code}` turns it on and shows
 * the recovery codes once, `DELETE /auth/mfa/totp {code | recovery_code}` turns it off.
 */
export function mfaTotpRoute({ auth, mfa }: RouteContext) {
  return new Elysia()
    .use(auth)
    .post(
      ROUTES.mfaTotp,
      ({ claims, request }): Promise<TotpEnrolment> => mfa.enrol({ id: claims.sub, username: claims.username }, request),
      guarded("fresh", ROUTE_DOCS.mfaEnrol),
    )
    .post(
      ROUTES.mfaTotpConfirm,
      ({ claims, body, request }): Promise<RecoveryCodes> => {
        const { code } = parseInput(MfaConfirmBodySchema, body);
        return mfa.confirm({ userId: claims.sub, request }, code);
      },
      guarded("fresh", ROUTE_DOCS.mfaConfirm),
    )
    .delete(
      ROUTES.mfaTotp,
      async ({ claims, body, request }): Promise<MessageResponse> => {
        const factor = secondFactorOf(parseInput(MfaDisableBodySchema, body));
        await mfa.disable({ userId: claims.sub, request }, factor);
        return { msg: "Second factor turned off" };
      },
      guarded("fresh", ROUTE_DOCS.mfaDisable),
    );
}
