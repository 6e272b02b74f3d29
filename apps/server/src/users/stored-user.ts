import { JotError, type SessionService } from "@jot/elysia/server";
import type { User, UserStore } from "./user-store.ts";

/**
 * The stored account a verified token names, for the routes that work on it (`GET /auth/me`,
 * `POST /auth/refresh`, `PUT /auth/password`, `PUT /auth/email`): the one answer the server gives
 * when that user no longer exists. Deleting a user ends its sessions first, so its tokens are normally
 * refused by the guard (`token_revoked`); a token still gets here when the account was deleted
 * while the request was under way, or on the database without ending them. Then every session of
 * that user is ended, so none of its tokens works again (a refresh stops the session as a reuse
 * would), and the answer is 401 `user_not_found`: the contract's code for a valid token that names
 * no user. Not `token_revoked`, since nothing had revoked the token, nor `invalid_token`, since
 * nothing is wrong with it; the next request with any of the user's tokens is then `token_revoked`.
 */
export async function storedUserOf(stores: { users: UserStore; sessionService: SessionService }, userId: string): Promise<User> {
  const user = await stores.users.findById(userId);
  if (user) return user;
  await stores.sessionService.endAll(userId);
  throw new JotError("user_not_found");
}
