import { JotError, type RevocableToken } from "@jot/elysia/server";

/** A token of a fresh user and session begun at `nowSeconds`, with `overrides`. */
export function revocableToken(nowSeconds: number, overrides: Partial<RevocableToken> = {}): RevocableToken & { sid: string } {
  return { jti: crypto.randomUUID(), sid: Bun.randomUUIDv7("hex", nowSeconds * 1000), sub: crypto.randomUUID(), ...overrides } as RevocableToken & { sid: string };
}

/** What a mirrored store's synchronous lookup answers, or the code it fails with. */
export function lookup(store: { isRevoked(token: RevocableToken): boolean }, token: RevocableToken): boolean | string {
  try {
    return store.isRevoked(token);
  } catch (error) {
    return error instanceof JotError ? error.code : String(error);
  }
}
