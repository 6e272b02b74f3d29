import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { SignJWT } from "jose";
import { segments } from "../../test/craft-token.ts";
import { issuerKey, serveJwks, type IssuerKey } from "../../test/jwks-server.ts";
import { manualClock, outcome } from "../../test/test-app.ts";
import { jot, type Jot } from "../index.ts";
import { isLowS } from "../tokens/low-s.ts";

const clock = manualClock();
afterEach(() => clock.reset());

/**
 * A third party's access token for `sub`, signed by jose with `key`, exactly as jose emits it; its
 * header names the key by `kid` unless `named` is false (an issuer with one key often does not).
 */
function thirdPartyToken(key: IssuerKey, sub: string, { iat = clock() / 1000, lifetime = 900, named = true } = {}): Promise<string> {
  const claims = { jti: crypto.randomUUID(), sub, iat, nbf: iat, exp: iat + lifetime, type: "access", fresh: false, roles: [] };
  const header = named ? { alg: "ES256", typ: "JWT", kid: key.jwk.kid } : { alg: "ES256", typ: "JWT" };
  return new SignJWT(claims).setProtectedHeader(header).sign(key.privateKey);
}

/** An API of its own behind a verify-only `jot()`. */
function notesApi(auth: Jot) {
  const app = new Elysia().use(auth).get("/notes", ({ identity }) => ({ owner: identity }), { auth: true });
  return async (token: string) => outcome(await app.handle(new Request("http://localhost/notes", { headers: { authorization: `Bearer ${token}` } })));
}

describe("S-29: a verify-only jot() accepts a third-party issuer's ES256 tokens with either S", () => {
  const issuer = issuerKey("issuer-1");
  const jwks = serveJwks([issuer]);
  afterAll(() => jwks.stop());

  test.each([
    ["its public key", () => ({ algorithm: "ES256" as const, publicKey: issuer.publicPem }), false],
    ["its JWKS URL", () => ({ algorithm: "ES256" as const, jwksUrl: jwks.url }), true],
  ])("with %s: every one of 32 tokens jose signs is accepted as signed, high-S ones among them", async (_, secret, named) => {
    const ask = notesApi(jot({ secret: secret(), clock }));
    const tokens = await Promise.all(Array.from({ length: 32 }, (_, index) => thirdPartyToken(issuer, `user-${index}`, { named })));
    for (const [index, token] of tokens.entries()) {
      expect(await ask(token)).toEqual({ status: 200, body: { owner: `user-${index}` }, challenge: null });
    }
    expect(tokens.filter((token) => !isLowS(Buffer.from(segments(token)[2], "base64url"))).length).toBeGreaterThan(0);
  });
});
