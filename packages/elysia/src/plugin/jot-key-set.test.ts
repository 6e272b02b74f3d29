import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { SignJWT } from "jose";
import { issuerKey, serveJwks, type IssuerKey } from "../../test/jwks-server.ts";
import { manualClock, outcome } from "@jot/testing";
import { jot } from "../index.ts";

const clock = manualClock();
afterEach(() => clock.reset());
const jwks = serveJwks([]);
afterAll(() => jwks.stop());

/** An access token for `sub` signed by `key`, named by its `kid`, living a year. */
function tokenOf(key: IssuerKey, sub: string): Promise<string> {
  const iat = clock() / 1000;
  const claims = { jti: crypto.randomUUID(), sub, iat, nbf: iat, exp: iat + 365 * 86400, type: "access", fresh: false, roles: [] };
  return new SignJWT(claims).setProtectedHeader({ alg: "ES256", typ: "JWT", kid: key.jwk.kid }).sign(key.privateKey);
}

/** A verify-only API on the JWKS server's keys; `logged` collects what it reports through `logError`. */
function keySetApi() {
  const logged: string[] = [];
  const auth = jot({ secret: { algorithm: "ES256", jwksUrl: jwks.url }, clock, logError: (event, error) => logged.push(`${event}: ${String(error)}`) });
  const app = new Elysia().use(auth).get("/notes", ({ identity }) => ({ owner: identity }), { auth: true });
  const ask = async (token: string) => outcome(await app.handle(new Request("http://localhost/notes", { headers: { authorization: `Bearer ${token}` } })));
  return { ask, logged };
}

const accepted = (owner: string) => ({ status: 200, body: { owner }, challenge: null });
const unknownKid = {
  status: 401,
  body: { error: "invalid_token", msg: "Unknown kid header parameter" },
  challenge: `Bearer realm="jot", error="invalid_token", error_description="Unknown kid header parameter"`,
};
const unavailable = { status: 503, body: { error: "store_unavailable", msg: "The JWKS could not be reached" }, challenge: null };

describe("S-29: a jot() on a JWKS URL follows the key set", () => {
  test("a key dropped from the JWKS stops every token it signed at the next fetch, tokens seen many times (cached) included", async () => {
    const leaked = issuerKey("leaked");
    const kept = issuerKey("kept");
    jwks.publish([leaked, kept]);
    const { ask } = keySetApi();
    const [byLeaked, byKept] = [await tokenOf(leaked, "mallory"), await tokenOf(kept, "alice")];
    for (let round = 0; round < 3; round++) {
      expect(await ask(byLeaked)).toEqual(accepted("mallory"));
      expect(await ask(byKept)).toEqual(accepted("alice"));
    }

    jwks.publish([kept]);
    clock.advance(5 * 60);
    expect(await ask(byLeaked)).toEqual(unknownKid);
    expect(await ask(byKept)).toEqual(accepted("alice"));
    // Still refused a year on, however often it comes back.
    clock.advance(364 * 86400);
    for (let round = 0; round < 3; round++) expect(await ask(byLeaked)).toEqual(unknownKid);
  });

  test("the JWKS is fetched when first needed and again once 5 minutes old by jot's clock, not on every request", async () => {
    const key = issuerKey("current");
    jwks.publish([key]);
    const { ask } = keySetApi();
    const token = await tokenOf(key, "alice");
    const before = jwks.fetches;
    expect(await ask(token)).toEqual(accepted("alice"));
    expect(jwks.fetches).toBe(before + 1);
    clock.advance(5 * 60 - 1);
    for (let round = 0; round < 3; round++) expect(await ask(token)).toEqual(accepted("alice"));
    expect(jwks.fetches).toBe(before + 1);
    clock.advance(1);
    expect(await ask(token)).toEqual(accepted("alice"));
    expect(jwks.fetches).toBe(before + 2);
  });

  test("a kid the JWKS does not hold fetches it again at most every 30 seconds, so a newly published key is taken then", async () => {
    const old = issuerKey("old");
    const next = issuerKey("next");
    jwks.publish([old]);
    const { ask } = keySetApi();
    expect(await ask(await tokenOf(old, "alice"))).toEqual(accepted("alice"));
    const before = jwks.fetches;
    jwks.publish([old, next]);
    const byNext = await tokenOf(next, "bob");
    expect(await ask(byNext)).toEqual(unknownKid);
    clock.advance(29);
    expect(await ask(byNext)).toEqual(unknownKid);
    expect(jwks.fetches).toBe(before);
    clock.advance(1);
    expect(await ask(byNext)).toEqual(accepted("bob"));
    expect(jwks.fetches).toBe(before + 1);
  });

  test("a JWKS that cannot be fetched answers 503 store_unavailable and is logged, never 401; it is asked again on the next request", async () => {
    const key = issuerKey("k1");
    jwks.fail(500);
    const { ask, logged } = keySetApi();
    const token = await tokenOf(key, "alice");
    expect(await ask(token)).toEqual(unavailable);
    expect(logged).toEqual(["store_error: JotError: The JWKS could not be reached"]);

    jwks.publish([key]);
    expect(await ask(token)).toEqual(accepted("alice"));
    // Stale and unreachable: refused as an outage, not trusted as it was.
    jwks.fail(502);
    clock.advance(5 * 60);
    expect(await ask(token)).toEqual(unavailable);
    jwks.publish([key]);
    expect(await ask(token)).toEqual(accepted("alice"));
  });

  test("a token that names no key is refused, even when the JWKS holds only one", async () => {
    const key = issuerKey("only");
    jwks.publish([key]);
    const { ask } = keySetApi();
    const iat = clock() / 1000;
    const claims = { jti: crypto.randomUUID(), sub: "alice", iat, nbf: iat, exp: iat + 900, type: "access", fresh: false, roles: [] };
    const unnamed = await new SignJWT(claims).setProtectedHeader({ alg: "ES256", typ: "JWT" }).sign(key.privateKey);
    expect(await ask(unnamed)).toEqual({
      status: 401,
      body: { error: "invalid_token", msg: "Missing kid header parameter" },
      challenge: `Bearer realm="jot", error="invalid_token", error_description="Missing kid header parameter"`,
    });
  });

  test("a JWKS URL where nothing listens answers 503 store_unavailable", async () => {
    const closed = serveJwks([]);
    await closed.stop();
    const auth = jot({ secret: { algorithm: "ES256", jwksUrl: closed.url }, clock, logError: () => {} });
    const app = new Elysia().use(auth).get("/notes", ({ identity }) => ({ owner: identity }), { auth: true });
    const token = await tokenOf(issuerKey("k1"), "alice");
    expect(await outcome(await app.handle(new Request("http://localhost/notes", { headers: { authorization: `Bearer ${token}` } })))).toEqual(unavailable);
  });
});

describe("jwksUrl must be https://, or http:// to this machine", () => {
  test.each([
    ["file:///etc/jwks.json", "a file: URL"],
    ["http://auth.example.com/.well-known/jwks.json", "http:// to auth.example.com"],
    ["http://10.0.0.1/.well-known/jwks.json", "http:// to 10.0.0.1"],
    ["http://localhost.example.com/jwks.json", "http:// to localhost.example.com"],
    ["ftp://127.0.0.1/jwks.json", "a ftp: URL"],
    ["data:application/json,{}", "a data: URL"],
  ])("%s is refused when jot() is called", (jwksUrl, what) => {
    expect(() => jot({ secret: { algorithm: "ES256", jwksUrl } })).toThrow(
      new TypeError(`jot(): jwksUrl must be an https:// URL (http:// only to localhost, 127.0.0.0/8 or [::1]); got ${what}`),
    );
  });

  test.each([
    "https://auth.example.com/.well-known/jwks.json",
    "http://localhost:3000/.well-known/jwks.json",
    "http://127.0.0.1:3000/.well-known/jwks.json",
    "http://127.8.9.10/jwks.json",
    "http://[::1]:3000/.well-known/jwks.json",
  ])("%s is taken (nothing is fetched before a token comes)", (jwksUrl) => {
    expect(jot({ secret: { algorithm: "ES256", jwksUrl } }).key).toMatchObject({ algorithm: "ES256", keySet: true });
  });
});
