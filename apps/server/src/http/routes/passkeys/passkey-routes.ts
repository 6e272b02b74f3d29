import { Elysia } from "elysia";
import type { RouteContext } from "../../route-context.ts";
import { passkeyLoginRoutes } from "./passkey-login.ts";
import { passkeyManagementRoutes } from "./passkey-management.ts";
import { passkeyRegistrationRoutes } from "./passkey-registration.ts";

/** Every `/auth/passkeys` route, when passkeys are configured (`WEBAUTHN_*`); none otherwise. */
export function passkeyRoutes(context: RouteContext) {
  const { passkeys } = context;
  if (!passkeys) return new Elysia({ name: "jot-passkeys-off" });
  return new Elysia().use(passkeyRegistrationRoutes(context, passkeys)).use(passkeyLoginRoutes(context, passkeys)).use(passkeyManagementRoutes(context, passkeys));
}
