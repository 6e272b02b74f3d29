import { JotError, type RevocableToken } from "@jot/elysia/server";

/** What a mirrored store's synchronous lookup answers, or the code it fails with. */
export function lookup(store: { isRevoked(token: RevocableToken): boolean }, token: RevocableToken): boolean | string {
  try {
    return store.isRevoked(token);
  } catch (error) {
    return error instanceof JotError ? error.code : String(error);
  }
}
