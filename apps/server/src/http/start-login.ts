import type { CookieSession, TokenPair } from "@jot/shared";
import type { User } from "../users/user-store.ts";
import type { RouteContext } from "./route-context.ts";
import { loginDelivery } from "./token-delivery.ts";
import { tokenPair } from "./token-pair.ts";
import { userAgentOf } from "./user-agent.ts";

/** How a login got here: its request, when the user's proof was checked, and how the user signed in. */
export interface LoginStart {
  request: Request;
  set: { headers: Record<string, unknown> };
  /** When the session begins (ms): before the password was read, so a password change meanwhile covers it (S-28). */
  startedAt: number;
  address: string;
  /**
   * RFC 8176 methods, kept in every token of the session: `["pwd", "otp", "mfa"]` after a second
   * factor, a passkey's `["swk", "user", "mfa"]`; none after a password alone.
   */
  amr?: readonly string[];
  /** The passkey that signed the user in, when one did: the login is audited `passkey_login_ok` with its id. */
  passkeyId?: string;
}

/**
 * The one way a login ends well, by password alone (`POST /auth/login`), with a second factor
 * (`POST /auth/mfa/verify`) or with a passkey (`POST /auth/passkeys/login/verify`): a new session,
 * its fresh access token and its refresh token, the login audited, the sessions the limit ended
 * audited, and answered as the configured transport delivers tokens.
 */
export async function startLogin(context: RouteContext, user: User, login: LoginStart): Promise<TokenPair | CookieSession> {
  const { auth, audit, config } = context;
  const { request, startedAt, address, amr, passkeyId } = login;
  const { session, access, refresh, ended } = await auth.sessionTokens.start(
    user.id,
    { roles: user.roles, fresh: true, ...(amr ? { additionalClaims: { amr: [...amr] } } : {}) },
    { username: user.username, userAgent: userAgentOf(request), startedAt },
  );
  const fields = { user_id: user.id, session_id: session.id, address };
  if (passkeyId === undefined) audit("login_ok", request, fields);
  else audit("passkey_login_ok", request, { ...fields, passkey_id: passkeyId });
  for (const id of ended) audit("session_limit_reached", request, { user_id: user.id, session_id: id });
  return tokenPair(user, { access, refresh }, {
    config,
    set: login.set,
    nowSeconds: context.clock() / 1000,
    delivery: loginDelivery(config.jwt.tokenLocations),
  });
}
