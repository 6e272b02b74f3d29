/** What a revocation store reads of a token (the shape of `RevocableToken`). */
export interface TestRevocableToken {
  jti: string;
  sid?: string | undefined;
  sub: string;
}

/** A token of a fresh user and session begun at `nowSeconds`, with `overrides`. */
export function revocableToken(nowSeconds: number, overrides: Partial<TestRevocableToken> = {}): TestRevocableToken & { sid: string } {
  return { jti: crypto.randomUUID(), sid: Bun.randomUUIDv7("hex", nowSeconds * 1000), sub: crypto.randomUUID(), ...overrides } as TestRevocableToken & { sid: string };
}
