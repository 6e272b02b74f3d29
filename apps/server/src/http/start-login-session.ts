import type { CookieSession, TokenPair } from "@jot/shared";
import type { AuditFields } from "../logging/audit-log.ts";
import type { User } from "../users/user-store.ts";
import type { RouteContext } from "./route-context.ts";
import { loginDelivery } from "./token-delivery.ts";
import { tokenPair } from "./token-pair.ts";
import { userAgentOf } from "./user-agent.ts";

/** How the user proved who they are, as the session and its audit event say. */
export interface LoginProof {
  /** The audit event of the login. */
  event: "login_ok" | "passkey_login_ok";
  /** Claims every token of the session carries (a passkey login's `amr`). */
  claims?: Record<string, unknown>;
  /** More for the audit event (the passkey used). */
  fields?: AuditFields;
}

/**
 * The one way a login starts a session, whatever proved the user: a fresh access token and a
 * refresh token in a new session (refresh family), the login audited, the sessions the limit ended
 * audited, and the answer delivered where `JWT_TOKEN_LOCATION` says.
 */
export async function startLoginSession(
  { auth, config, audit }: Pick<RouteContext, "auth" | "config" | "audit">,
  login: { user: User; request: Request; set: { headers: Record<string, unknown> }; startedAt: number; address: string },
  proof: LoginProof,
): Promise<TokenPair | CookieSession> {
  const { user, request, set, startedAt, address } = login;
  const { session, access, refresh, ended } = await auth.sessionTokens.start(
    user.id,
    { roles: user.roles, fresh: true, ...(proof.claims ? { additionalClaims: proof.claims } : {}) },
    { username: user.username, userAgent: userAgentOf(request), startedAt },
  );
  audit(proof.event, request, { user_id: user.id, session_id: session.id, address, ...proof.fields });
  for (const id of ended) audit("session_limit_reached", request, { user_id: user.id, session_id: id });
  return tokenPair(user, { access, refresh }, {
    config,
    set,
    nowSeconds: startedAt / 1000,
    delivery: loginDelivery(config.jwt.tokenLocations),
  });
}
