import { ROUTES, type CookieSession, type TokenPair } from "@jot/shared";
import { Elysia } from "elysia";
import { JotError, type SessionRecord, type TokenSubject } from "@jot/elysia/server";
import { clientAddress } from "../client-address.ts";
import type { RouteContext } from "../route-context.ts";
import { guarded, refreshDoc } from "../../openapi/route-docs.ts";
import { refreshDelivery } from "../token-delivery.ts";
import { tokenPair } from "../token-pair.ts";
import { storedUserOf } from "../../users/stored-user.ts";

/**
 * `POST /auth/refresh` with a refresh token → a new, non-fresh access token and the next refresh
 * token of the session; the presented one is rotated out (S-12). The token is read and verified
 * by the guard's `"refresh"` mode; refused tokens are counted per client address (S-17) by this
 * route's own hooks around it.
 *
 * A rotated-out token presented again within `JWT_REFRESH_REUSE_GRACE` of its rotation (two tabs
 * refreshing at once) gets the session's current refresh token and nothing is revoked; later, it
 * is reuse: the whole session is revoked and the answer is `token_revoked`. A token whose user no
 * longer exists ends that user's sessions and is answered `user_not_found` ({@link storedUserOf}).
 */
export function refreshRoute(context: RouteContext) {
  const { auth, clock, config, throttles, audit } = context;
  const throttleKey = (request: Request, server: Parameters<typeof clientAddress>[1]) =>
    `refresh:address:${clientAddress(request, server, config.throttle.trustedProxies)}`;

  return new Elysia().use(auth).post(
    ROUTES.refresh,
    async ({ claims, location, request, server, set }): Promise<TokenPair | CookieSession> => {
      await throttles.refreshByAddress.release([throttleKey(request, server)], clock());
      const user = await storedUserOf(context, claims.sub);
      // Disabling revokes the user's tokens too; this covers a refresh racing the disable.
      if (user.disabledAt !== null) throw new JotError("account_disabled");
      // The user's roles now, not those of the login: a role taken away is gone at the next refresh.
      const { session, access, refresh, outcome } = await auth.sessionTokens.rotate(claims, {
        roles: user.roles,
        username: user.username,
        onReuse: (reused) => audit("refresh_reuse_detected", request, { user_id: reused.userId, session_id: reused.id }),
      });
      audit(outcome === "grace" ? "refresh_grace" : "refresh", request, { user_id: user.id, session_id: session.id });
      const answer = { config, set, nowSeconds: clock() / 1000, delivery: refreshDelivery(location) };
      return tokenPair(user, { access, refresh }, answer);
    },
    {
      ...guarded("refresh", refreshDoc(config.jwt.tokenLocations)),
      // An attempt is counted before the token is read, so parallel guesses cannot slip past the limit.
      async transform({ request, server }) {
        const key = throttleKey(request, server);
        await throttles.refreshByAddress.reserve([key], clock(), () =>
          audit("refresh_throttled", request, { address: key.slice("refresh:address:".length) }),
        );
      },
      async error({ error, request, server }) {
        if (!(error instanceof JotError) || error.code === "rate_limited") return;
        const key = throttleKey(request, server);
        if (error.status === 401) audit("refresh_failed", request, { address: key.slice("refresh:address:".length), code: error.code });
        // A refusal that was not the token's fault (a store down, a malformed header) is not a guess.
        else await throttles.refreshByAddress.release([key], clock());
      },
    },
  );
}
