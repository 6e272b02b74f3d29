/**
 * Property-based tests (fast-check): the verifier, the HTTP routes and real tokens, each fed
 * random input. Runs are bounded; on a failure fast-check prints the seed and the shrunk
 * counterexample, and `fc.assert(…, { seed, path })` replays it.
 */
import { AccessClaimsSchema, ERROR_CODES, isErrorCode, RefreshClaimsSchema, ROUTES, type TokenType } from "@jot/shared";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import fc from "fast-check";
import { createHmacKey, createTokenVerifier, JotError, type TokenSettings } from "@jot/elysia/server";
import { segments } from "@jot/testing";
import { manualClock, TEST_SECRET } from "../test/test-app.ts";
import { accessClaims, BASE64URL_ALPHABET, cheapPasswordHasher, createAppWith, type CustomApp } from "./support.ts";

const b64 = (bytes: string | Uint8Array) => Buffer.from(bytes).toString("base64url");
/** A token over the exact header and payload texts given, signed with `secret`. */
function signText(headerText: string, payloadText: string, secret: string | Uint8Array = TEST_SECRET): string {
  const input = `${b64(headerText)}.${b64(payloadText)}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

/** The codes a verification may fail with: all of them token failures from the contract's table. */
const VERIFY_CODES = new Set(["invalid_token", "token_expired", "token_not_yet_valid", "wrong_token_type"]);
/** Messages that would mean a claim was read before the signature verified (S-6). */
const CLAIM_MESSAGE = /claim|expired|not yet valid|issued in the future|refresh tokens|non-refresh/i;

describe("(a) the token verifier", () => {
  const clock = manualClock();
  const nowSeconds = Math.floor(clock() / 1000);
  const settings: TokenSettings = { key: createHmacKey("HS256", new TextEncoder().encode(TEST_SECRET)), leewaySeconds: 0, accessTtlSeconds: 900, refreshTtlSeconds: 86400 };
  const verify = createTokenVerifier(settings, clock);
  const schemas = { access: TypeCompiler.Compile(AccessClaimsSchema), refresh: TypeCompiler.Compile(RefreshClaimsSchema) };

  type Verdict = { accepted: Record<string, unknown> } | { code: string; msg: string };
  /** Accepted claims or the JotError's code; any other exception fails the property. */
  function verdict(token: string, expected: TokenType): Verdict {
    try {
      return { accepted: verify(token, expected) as Record<string, unknown> };
    } catch (error) {
      if (!(error instanceof JotError)) throw new Error(`the verifier threw ${String(error)} for ${JSON.stringify(token.slice(0, 200))}`);
      expect(isErrorCode(error.code)).toBe(true);
      expect(VERIFY_CODES.has(error.code)).toBe(true);
      expect(error.status).toBe(ERROR_CODES[error.code].status);
      return { code: error.code, msg: error.message };
    }
  }
  /** A refused token: `invalid_token`, and not for a reason only claims could give. */
  function refusedStructurally(result: Verdict): boolean {
    return "code" in result && result.code === "invalid_token" && !CLAIM_MESSAGE.test(result.msg);
  }
  const expected = fc.constantFrom<TokenType>("access", "refresh");

  test("arbitrary strings are never accepted and always fail as invalid_token", () => {
    const characters = fc.constantFrom(...`${BASE64URL_ALPHABET}.=+/ \t\n\u0000é🔑`);
    const text = fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), fc.string({ unit: characters, maxLength: 200 }), fc.string({ unit: characters, minLength: 8180, maxLength: 8300 }));
    fc.assert(
      fc.property(text, expected, (token, type) => refusedStructurally(verdict(token, type))),
      { numRuns: 1000 },
    );
  });

  test("arbitrary three-segment base64url strings are never accepted", () => {
    const segment = fc.string({ unit: fc.constantFrom(...BASE64URL_ALPHABET), maxLength: 80 });
    fc.assert(
      fc.property(segment, segment, segment, expected, (h, p, s, type) => refusedStructurally(verdict(`${h}.${p}.${s}`, type))),
      { numRuns: 1000 },
    );
  });

  test("arbitrary base64url-encoded JSON, unsigned or signed with another key, is never accepted and never judged on its claims", () => {
    const json = fc.oneof(fc.json({ maxDepth: 3 }), fc.constant(JSON.stringify({ alg: "HS256", typ: "JWT" })), fc.constant(JSON.stringify(accessClaims(nowSeconds))));
    const otherKey = fc.uint8Array({ minLength: 0, maxLength: 64 }).filter((key) => Buffer.from(key).toString() !== TEST_SECRET);
    fc.assert(
      fc.property(json, json, fc.option(otherKey), expected, (headerText, payloadText, key, type) => {
        const input = `${b64(headerText)}.${b64(payloadText)}`;
        const signature = key === null ? "" : createHmac("sha256", key).update(input).digest("base64url");
        return refusedStructurally(verdict(`${input}.${signature}`, type));
      }),
      { numRuns: 1000 },
    );
  });

  test("any JSON header and payload signed with our key is either valid claims we can stand behind, or a contract failure", () => {
    const claimNames = ["jti", "sub", "iat", "nbf", "exp", "sid", "username", "roles", "type", "fresh", "iss", "aud", "extra"];
    const hostileValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom("access", "refresh", "", nowSeconds, nowSeconds + 1, nowSeconds - 1, nowSeconds + 900, true, false, ["user"], null));
    // Mostly near-valid claims with a few fields replaced or removed, so every branch of the checks is reached.
    const nearValidPayload = fc
      .record({
        base: fc.constantFrom("access", "refresh"),
        changes: fc.dictionary(fc.constantFrom(...claimNames), fc.option(hostileValue, { nil: undefined }), { maxKeys: 3 }),
      })
      .map(({ base, changes }) => {
        const claims: Record<string, unknown> = accessClaims(nowSeconds, base === "refresh" ? { type: "refresh", fresh: undefined } : {});
        for (const [name, value] of Object.entries(changes)) {
          if (value === undefined) delete claims[name];
          else claims[name] = value;
        }
        return JSON.stringify(claims);
      });
    const rawNumberPayload = fc
      .constantFrom("1e400", "-1e400", "1e-400", "-0", "0.5", "9007199254740993", "1E3")
      .chain((raw) => fc.constantFrom("exp", "iat", "nbf").map((name) => JSON.stringify(accessClaims(nowSeconds, { [name]: "__RAW__" })).replace('"__RAW__"', raw)));
    const payloadText = fc.oneof(nearValidPayload, rawNumberPayload, fc.json({ maxDepth: 3 }), fc.string({ maxLength: 40 }));
    const headerText = fc.oneof(
      { weight: 4, arbitrary: fc.constant(JSON.stringify({ alg: "HS256", typ: "JWT" })) },
      { weight: 2, arbitrary: fc.dictionary(fc.constantFrom("alg", "typ", "kid", "jku", "jwk", "x5u", "x5c", "crit", "b64", "cty", "zip"), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }).map((extra) => JSON.stringify({ alg: "HS256", ...extra })) },
      { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) },
    );
    fc.assert(
      fc.property(headerText, payloadText, expected, (header, payload, type) => {
        const result = verdict(signText(header, payload), type);
        if ("code" in result) return true;
        // Accepted: the header was exactly ours in substance, the claims pass the schema, the time and the type.
        const parsedHeader = JSON.parse(header) as Record<string, unknown>;
        expect(parsedHeader.alg).toBe("HS256");
        expect(parsedHeader.typ === undefined || parsedHeader.typ === "JWT").toBe(true);
        for (const name of ["kid", "jku", "jwk", "x5u", "x5c", "crit", "b64"]) expect(Object.hasOwn(parsedHeader, name)).toBe(false);
        const claims = result.accepted;
        expect(schemas[type].Check(claims)).toBe(true);
        expect(claims.type).toBe(type);
        expect(nowSeconds < Number(claims.exp)).toBe(true);
        expect(Number(claims.nbf) <= nowSeconds && Number(claims.iat) <= nowSeconds).toBe(true);
        expect(claims).toEqual(JSON.parse(payload));
        return true;
      }),
      { numRuns: 1000 },
    );
  });

  test("a token jot issued verifies; with any single character changed it does not", async () => {
    const genuine = signText(JSON.stringify({ alg: "HS256", typ: "JWT" }), JSON.stringify(accessClaims(nowSeconds)));
    expect((await verify(genuine, "access")).type).toBe("access");
    fc.assert(
      fc.property(fc.nat({ max: genuine.length - 1 }), fc.constantFrom(...`${BASE64URL_ALPHABET}.=`), (at, character) => {
        const mutated = `${genuine.slice(0, at)}${character}${genuine.slice(at + 1)}`;
        const result = verdict(mutated, "access");
        return mutated === genuine ? "accepted" in result : refusedStructurally(result);
      }),
      { numRuns: 1000 },
    );
  });
});

/** Routes as requests take them: the session path with some id. */
const ROUTE_PATHS = [...Object.values(ROUTES).filter((path) => !path.includes(":")), "/auth/sessions/0190a000-0000-7000-8000-000000000000", "/auth/sessions/x"];
/** Routes that need a valid access token; a 2xx there without one is a hole. */
const GUARDED = new Set<string>([ROUTES.logout, ROUTES.me, ROUTES.sessions, ROUTES.password, ROUTES.protected]);

describe("(b) the HTTP routes, in process", () => {
  let t: CustomApp;
  let access = "";
  let refresh = "";
  const password = "fuzz-password-for-a-real-user";
  beforeAll(async () => {
    // argon2id is not what is under test here: a cheap hasher keeps hundreds of logins fast.
    t = await createAppWith({}, cheapPasswordHasher());
    await t.request("/auth/register", { method: "POST", json: { username: "fuzz_user", password } });
    const pair = (await (await t.request("/auth/login", { method: "POST", json: { username: "fuzz_user", password } })).json()) as { access_token: string; refresh_token: string };
    access = pair.access_token;
    refresh = pair.refresh_token;
  });
  afterAll(() => t.close());

  const latin1 = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((code) => code !== 0x7f).map((code) => String.fromCharCode(code)), maxLength: 60 });
  const deepArray = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
  const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
  const body = fc.oneof(
    fc.constant(undefined),
    fc.string({ unit: "binary", maxLength: 200 }),
    fc.uint8Array({ maxLength: 200 }),
    fc.json({ maxDepth: 4 }),
    fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify({ username: value, password: value })),
    fc.record({ username: fc.string({ maxLength: 70 }), password: fc.string({ unit: "binary", minLength: 6, maxLength: 70 }) }).map((value) => JSON.stringify(value)),
    fc.record({ current_password: fc.string({ maxLength: 20 }), new_password: fc.string({ maxLength: 20 }), refresh_token: fc.oneof(fc.string(), fc.constant("__REFRESH__")) }).map((value) => JSON.stringify(value)),
    fc.constantFrom('{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', "__proto__[polluted]=1&username=a&password=b", deepArray(10_000), deepObject(10_000)),
    fc.integer({ min: 1, max: 30_000 }).map((depth) => (depth % 2 === 0 ? deepArray(depth) : deepObject(depth))),
    fc.integer({ min: 60_000, max: 80_000 }).map((size) => "x".repeat(size)),
    fc.constant(JSON.stringify({ username: "fuzz_user", password })),
    fc.stringMatching(/^[a-z0-9_]{3,16}$/).map((username) => JSON.stringify({ username, password: "a long enough password" })),
  );
  const authorization = fc.oneof(
    fc.constant(undefined),
    fc.constantFrom("__ACCESS__", "__REFRESH__").map((which) => `Bearer ${which}`),
    latin1.map((token) => `Bearer ${token}`),
    latin1,
    fc.constantFrom("Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "bearer a.b.c", "Bearer a.b.c", "Bearer e30.e30.AAAA"),
  );
  const contentType = fc.oneof(
    { weight: 3, arbitrary: fc.constant("application/json") },
    fc.constant(undefined),
    fc.constantFrom("application/json", "application/json; charset=utf-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "multipart/form-data", "text/plain", "application/evil+json", "APPLICATION/JSON"),
    latin1,
  );
  const path = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ROUTE_PATHS) },
    { weight: 1, arbitrary: fc.webPath() },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 30 }).map((text) => `/${encodeURIComponent(text)}`) },
    { weight: 1, arbitrary: fc.constantFrom(...ROUTE_PATHS).map((route) => `${route}/`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...ROUTE_PATHS), fc.constantFrom("?access_token=__ACCESS__", "?jwt=__ACCESS__", "?a=%ZZ", "?%00", "#x")).map(([route, query]) => `${route}${query}`) },
  );
  /** Each route with the method it serves, so most requests get past routing to the handlers. */
  const served: Array<[string, string]> = [
    ["POST", ROUTES.register], ["POST", ROUTES.login], ["POST", ROUTES.refresh], ["DELETE", ROUTES.logout], ["GET", ROUTES.me],
    ["GET", ROUTES.sessions], ["DELETE", ROUTES.sessions], ["DELETE", "/auth/sessions/0190a000-0000-7000-8000-000000000000"],
    ["PUT", ROUTES.password], ["GET", ROUTES.protected], ["GET", ROUTES.health], ["GET", ROUTES.jwks],
  ];
  const target = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...served).map(([method, route]) => ({ method, path: route })) },
    { weight: 2, arbitrary: fc.record({ method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "PROPFIND"), path }) },
  );
  const request = fc.record({
    target,
    authorization,
    contentType,
    body,
    forwardedFor: fc.option(latin1, { nil: undefined }),
    requestId: fc.option(latin1, { nil: undefined }),
  });
  type Generated = typeof request extends fc.Arbitrary<infer T> ? T : never;

  /** Builds the Request, or `undefined` when the platform itself refuses it (not the server's business). */
  function build(input: Generated): Request | undefined {
    const fill = (text: string) => text.replaceAll("__ACCESS__", access).replaceAll("__REFRESH__", refresh);
    try {
      const headers = new Headers();
      if (input.authorization !== undefined) headers.set("authorization", fill(input.authorization));
      if (input.contentType !== undefined) headers.set("content-type", input.contentType);
      if (input.forwardedFor !== undefined) headers.set("x-forwarded-for", input.forwardedFor);
      if (input.requestId !== undefined) headers.set("x-request-id", input.requestId);
      const body = input.body === undefined || input.target.method === "HEAD" ? undefined : typeof input.body === "string" ? fill(input.body) : input.body;
      return new Request(`http://localhost${fill(input.target.path)}`, { method: input.target.method, headers, ...(body === undefined ? {} : { body }) });
    } catch {
      return undefined;
    }
  }

  test("random requests never get a 5xx, every answer is JSON, and every 4xx is a contract error", async () => {
    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    await fc.assert(
      fc.asyncProperty(request, async (input) => {
        const built = build(input);
        if (built === undefined) return true;
        const bodyText = typeof input.body === "string" ? input.body : "";
        const response = await t.app.handle(built);
        const text = await response.text();
        expect(response.status).toBeLessThan(500);
        if (input.target.method === "HEAD") return true;
        // The one answer without a body: a plain OPTIONS on a known path.
        if (response.status === 204) {
          expect({ method: built.method, allow: response.headers.get("allow")?.endsWith("OPTIONS"), text }).toEqual({ method: "OPTIONS", allow: true, text: "" });
          return true;
        }
        const parsed = JSON.parse(text) as Record<string, unknown>;
        if (response.status >= 400) {
          expect(Object.keys(parsed).sort()).toEqual(["error", "msg"]);
          expect(isErrorCode(parsed.error)).toBe(true);
          expect(response.status).toBe(ERROR_CODES[parsed.error as keyof typeof ERROR_CODES].status);
          if (response.status === 401 && parsed.error !== "bad_credentials") expect(response.headers.get("www-authenticate") ?? "").toStartWith('Bearer realm="jot"');
          // A password sent is never echoed back.
          const sent = /"password":"([^"]{6,})"/.exec(bodyText)?.[1];
          if (sent !== undefined) expect(text).not.toContain(sent);
        } else {
          // A guarded route answers 2xx only to the genuine access token in the Authorization header.
          const routePath = new URL(built.url).pathname;
          if (GUARDED.has(routePath) || routePath.startsWith("/auth/sessions/")) {
            expect(built.headers.get("authorization")?.slice(7)).toBe(access);
          }
          if (routePath === ROUTES.refresh) expect(built.headers.get("authorization")?.slice(7)).toBe(refresh);
        }
        return true;
      }),
      { numRuns: 600 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    expect(t.logs.filter((line) => line.startsWith("internal_error"))).toEqual([]);
  }, 60_000);
});

describe("(c) never a token accepted that jot did not issue", () => {
  let t: CustomApp;
  let genuine = "";
  beforeAll(async () => {
    t = await createAppWith({}, cheapPasswordHasher());
    await t.request("/auth/register", { method: "POST", json: { username: "fuzz_victim", password: "fuzz-victim-password" } });
    const pair = (await (await t.request("/auth/login", { method: "POST", json: { username: "fuzz_victim", password: "fuzz-victim-password" } })).json()) as { access_token: string };
    genuine = pair.access_token;
  });
  afterAll(() => t.close());

  type Mutation = (token: string) => string;
  const at = (token: string, index: number) => index % (token.length + 1);
  const character = fc.constantFrom(...`${BASE64URL_ALPHABET}.=+/~!`);
  const reencode = (segment: string, how: "base64" | "padded" | "spaced" | "reordered") => {
    const text = Buffer.from(segment, "base64url").toString("utf8");
    if (how === "base64") return Buffer.from(text).toString("base64");
    if (how === "padded") return `${segment}${"=".repeat((4 - (segment.length % 4)) % 4)}`;
    const value = JSON.parse(text) as Record<string, unknown>;
    const respelled = how === "spaced" ? JSON.stringify(value, null, 1) : JSON.stringify(Object.fromEntries(Object.entries(value).reverse()));
    return Buffer.from(respelled).toString("base64url");
  };
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.tuple(fc.nat(), character).map(([index, c]): Mutation => (token) => `${token.slice(0, at(token, index))}${c}${token.slice(at(token, index) + 1)}`),
    fc.tuple(fc.nat(), character).map(([index, c]): Mutation => (token) => `${token.slice(0, at(token, index))}${c}${token.slice(at(token, index))}`),
    fc.nat().map((index): Mutation => (token) => `${token.slice(0, at(token, index))}${token.slice(at(token, index) + 1)}`),
    fc.nat().map((index): Mutation => (token) => {
      const i = at(token, index);
      const c = token.charAt(i);
      return `${token.slice(0, i)}${c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()}${token.slice(i + 1)}`;
    }),
    fc.tuple(fc.nat({ max: 2 }), fc.nat({ max: 2 })).map(([a, b]): Mutation => (token) => {
      const parts = segments(token);
      [parts[a], parts[b]] = [parts[b]!, parts[a]!];
      return parts.join(".");
    }),
    fc.tuple(fc.nat({ max: 2 }), fc.constantFrom("base64", "padded", "spaced", "reordered") as fc.Arbitrary<"base64" | "padded" | "spaced" | "reordered">).map(([which, how]): Mutation => (token) => {
      const parts = segments(token);
      try {
        parts[which] = which === 2 && (how === "spaced" || how === "reordered") ? reencode(parts[2], "base64") : reencode(parts[which]!, how);
      } catch {
        return token;
      }
      return parts.join(".");
    }),
    fc.nat({ max: 3 }).map((count): Mutation => (token) => `${token}${".x".repeat(count)}`),
    fc.nat().map((index): Mutation => (token) => token.slice(0, at(token, index))),
  );

  test("random mutations of a real access token are answered 200 on /protected only when nothing changed", async () => {
    expect((await t.request("/protected", { token: genuine })).status).toBe(200);
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const token = mutations.reduce((current, mutate) => mutate(current), genuine);
        let response: Response;
        try {
          response = await t.app.handle(new Request("http://localhost/protected", { headers: { authorization: `Bearer ${token}` } }));
        } catch {
          return true; // a header value the platform refuses never reaches the server
        }
        if (token === genuine) return response.status === 200;
        const body = (await response.json()) as { error?: string };
        return (response.status === 401 || response.status === 400) && isErrorCode(body.error);
      }),
      { numRuns: 1000 },
    );
  });
});
