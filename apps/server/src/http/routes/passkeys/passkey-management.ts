import { PasskeyRenameBodySchema, ROUTES, type MessageResponse, type PasskeysResponse } from "@jot/shared";
import { Elysia } from "elysia";
import { JotError } from "@jot/elysia/server";
import { guarded, ROUTE_DOCS } from "../../../openapi/route-docs.ts";
import type { PasskeyService } from "../../../passkeys/passkey-service.ts";
import { passkeySummaryOf } from "../../../passkeys/passkey-summary.ts";
import { parseInput } from "../../parse-input.ts";
import type { RouteContext } from "../../route-context.ts";

/**
 * `GET /auth/passkeys` lists the caller's passkeys; `PATCH /auth/passkeys/:id {name}` renames one;
 * `DELETE /auth/passkeys/:id` removes one, with a fresh token and audited (S-34). Another user's
 * passkey is answered as no passkey at all.
 */
export function passkeyManagementRoutes({ auth, passkeyChanges }: RouteContext, { store }: PasskeyService) {
  const notFound = () => new JotError("not_found", "No such passkey");
  return new Elysia()
    .use(auth)
    .get(
      ROUTES.passkeys,
      async ({ claims }): Promise<PasskeysResponse> => ({ passkeys: (await store.listOf(claims.sub)).map(passkeySummaryOf) }),
      guarded("access", ROUTE_DOCS.listPasskeys),
    )
    .patch(
      ROUTES.passkey,
      async ({ claims, params, body }): Promise<MessageResponse> => {
        const input = parseInput(PasskeyRenameBodySchema, body);
        if (!(await store.rename(claims.sub, params.id, input.name))) throw notFound();
        return { msg: "Passkey renamed" };
      },
      guarded("access", ROUTE_DOCS.renamePasskey),
    )
    .delete(
      ROUTES.passkey,
      async ({ claims, params, request }): Promise<MessageResponse> => {
        if (!(await passkeyChanges.remove(request, claims.sub, params.id, { session_id: claims.sid, reason: "user" }))) throw notFound();
        return { msg: "Passkey removed" };
      },
      guarded("fresh", ROUTE_DOCS.removePasskey),
    );
}
