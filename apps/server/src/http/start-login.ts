import type { CookieSession, TokenPair } from "@jot/shared";
import type { User } from "../users/user-store.ts";
import type { RouteContext } from "./route-context.ts";
import { loginDelivery } from "./token-delivery.ts";
import { tokenPair } from "./token-pair.ts";
import { userAgentOf } from "./user-agent.ts";

/** How a login got here: its request, when its password was checked, and how the user signed in. */
export interface LoginStart {
  request: Request;
  set: { headers: Record<string, unknown> };
  /** When the session begins (ms): before the password was read, so a password change meanwhile covers it (S-28). */
  startedAt: number;
  address: string;
  /** RFC 8176 methods, kept in every token of the session: `["pwd", "otp"]` after a second factor; none after a password alone. */
  amr?: readonly string[];
}

/**
 * The one way a login ends well, by password alone (`POST /auth/login`) or with a second factor
 * (`POST /auth/mfa/verify`): a new session, its fresh access token and its refresh token, audited
 * `login_ok`, and answered as the configured transport delivers tokens.
 */
export async function startLogin(context: RouteContext, user: User, login: LoginStart): Promise<TokenPair | CookieSession> {
  const { auth, audit, config } = context;
  const { request, startedAt, address, amr } = login;
  const { session, access, refresh, ended } = await auth.sessionTokens.start(
    user.id,
    { roles: user.roles, fresh: true, ...(amr ? { additionalClaims: { amr: [...amr] } } : {}) },
    { username: user.username, userAgent: userAgentOf(request), startedAt },
  );
  audit("login_ok", request, { user_id: user.id, session_id: session.id, address });
  for (const id of ended) audit("session_limit_reached", request, { user_id: user.id, session_id: id });
  return tokenPair(user, { access, refresh }, {
    config,
    set: login.set,
    nowSeconds: context.clock() / 1000,
    delivery: loginDelivery(config.jwt.tokenLocations),
  });
}
