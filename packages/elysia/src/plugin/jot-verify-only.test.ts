import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { SignJWT } from "jose";
import { manualClock, outcome, segments } from "@jot/testing";
import { issuerKey, serveJwks, type IssuerKey } from "../../test/jwks-server.ts";
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

describe("maxTokenAge: a verify-only app's own limit on how old a token may be", () => {
  const issuer = issuerKey("issuer-2");
  const tooOld = {
    status: 401,
    body: { error: "token_expired", msg: "Token is too old" },
    challenge: `Bearer realm="jot", error="invalid_token", error_description="Token is too old"`,
  };

  test("a token issued longer ago than maxTokenAge is refused token_expired whatever its exp, cached or not", async () => {
    const ask = notesApi(jot({ secret: { algorithm: "ES256", publicKey: issuer.publicPem }, maxTokenAge: "1h", clock }));
    const token = await thirdPartyToken(issuer, "alice", { lifetime: 365 * 86400, named: false });
    clock.advance(3600);
    for (let round = 0; round < 3; round++) expect(await ask(token)).toEqual({ status: 200, body: { owner: "alice" }, challenge: null });
    clock.advance(1);
    expect(await ask(token)).toEqual(tooOld);
    // The same token under an app without the limit: its year-long exp is all that counts.
    expect(await notesApi(jot({ secret: { algorithm: "ES256", publicKey: issuer.publicPem }, clock }))(token)).toEqual({
      status: 200,
      body: { owner: "alice" },
      challenge: null,
    });
  });

  test("the leeway applies to it as to exp", async () => {
    const ask = notesApi(jot({ secret: { algorithm: "ES256", publicKey: issuer.publicPem }, maxTokenAge: 600, leeway: 30, clock }));
    const token = await thirdPartyToken(issuer, "alice", { named: false });
    clock.advance(630);
    expect((await ask(token)).status).toBe(200);
    clock.advance(1);
    expect(await ask(token)).toEqual(tooOld);
  });

  const notADuration = "expected seconds or a duration such as 90s, 15m, 12h, 30d";
  test.each([
    [0, "must be at least 1s, got 0"],
    [-5, "must be at least 1s, got -5"],
    [1.5, `${notADuration}, got 1.5`],
    ["soon", `${notADuration}, got "soon"`],
    ["", `${notADuration}, got ""`],
  ])("maxTokenAge %p is refused when jot() is called, in the words the server's settings use", (maxTokenAge, problem) => {
    expect(() => jot({ secret: { algorithm: "ES256", publicKey: issuer.publicPem }, maxTokenAge })).toThrow(new TypeError(`maxTokenAge: ${problem}`));
  });
});
