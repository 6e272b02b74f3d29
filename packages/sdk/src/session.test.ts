import { describe, expect, test } from "bun:test";
import { decodeAccessClaims, parseStoredSession, serializeSession, sessionFromCookieAnswer, sessionFromTokenPair, sessionKey } from "./session.ts";
import { base64url } from "./test-support/fake-jot-server.ts";

const CLAIMS = {
  jti: "a1",
  sub: "user-ada",
  iat: 1_750_000_000,
  nbf: 1_750_000_000,
  exp: 1_750_000_900,
  sid: "s1",
  type: "access" as const,
  fresh: true,
  username: "ada",
  roles: ["user"],
  team: "Ünïcode ✓",
};
const token = (payload: unknown) => `${base64url({ alg: "HS256", typ: "JWT" })}.${base64url(payload)}.c2ln`;
const ACCESS = token(CLAIMS);

describe("decodeAccessClaims", () => {
  test("decodes an access token's payload, additional and non-ASCII claims included", () => {
    expect(decodeAccessClaims(ACCESS)).toEqual(CLAIMS);
  });

  test("gives null, never throwing, for anything that is not an access token", () => {
    const hostile: unknown[] = [
      "",
      "a",
      "a.b",
      "a..c",
      "a.b.c.d",
      "a.!!!.c",
      `a.${Buffer.from("not json").toString("base64url")}.c`,
      `a.${Buffer.from([0xff, 0xfe, 0xfd]).toString("base64url")}.c`,
      token(null),
      token([1, 2]),
      token("string"),
      token(0),
      token({ ...CLAIMS, type: "refresh" }),
      token({ ...CLAIMS, exp: "soon" }),
      token({ ...CLAIMS, exp: null }),
      token({ ...CLAIMS, sub: 7 }),
      null,
      undefined,
      0,
      [],
      {},
    ];

    expect(hostile.map((value) => decodeAccessClaims(value as string))).toEqual(hostile.map(() => null));
  });
});

describe("sessionFromTokenPair", () => {
  const pair = { access_token: ACCESS, refresh_token: "refresh", token_type: "Bearer", expires_in: 900 };

  test("builds the session, expiring expires_in seconds after the client's now", () => {
    expect(sessionFromTokenPair(pair, 2_000_000_000_500)).toEqual({
      access_token: ACCESS,
      refresh_token: "refresh",
      expires_at: 2_000_000_900,
      claims: CLAIMS,
    });
  });

  test("falls back to the exp claim when expires_in is missing", () => {
    expect(sessionFromTokenPair({ ...pair, expires_in: undefined }, 0)?.expires_at).toBe(CLAIMS.exp);
  });

  test("gives null for anything that is not a token pair with a decodable access token", () => {
    const bodies: unknown[] = [null, [], "pair", { ...pair, access_token: "opaque" }, { ...pair, refresh_token: "" }, { ...pair, refresh_token: 1 }];

    expect(bodies.map((body) => sessionFromTokenPair(body, 0))).toEqual(bodies.map(() => null));
  });
});

describe("stored sessions", () => {
  test("a serialized session parses back to the same session, claims decoded again", () => {
    const session = sessionFromTokenPair({ access_token: ACCESS, refresh_token: "refresh", expires_in: 900 }, 0)!;

    const stored = serializeSession(session);

    expect(JSON.parse(stored)).toEqual({ v: 1, access_token: ACCESS, refresh_token: "refresh", expires_at: 900 });
    expect(parseStoredSession(stored)).toEqual(session);
  });

  test("anything else gives null", () => {
    const values: (string | null)[] = [
      null,
      "",
      "{",
      "null",
      "[]",
      JSON.stringify({ access_token: ACCESS, refresh_token: "r", expires_at: 1 }),
      JSON.stringify({ v: 2, access_token: ACCESS, refresh_token: "r", expires_at: 1 }),
      JSON.stringify({ v: 1, access_token: "opaque", refresh_token: "r", expires_at: 1 }),
      JSON.stringify({ v: 1, access_token: ACCESS, refresh_token: "r", expires_at: "1" }),
      JSON.stringify({ v: 1, access_token: ACCESS, expires_at: 1 }),
    ];

    expect(values.map(parseStoredSession)).toEqual(values.map(() => null));
  });
});

describe("cookie transport sessions", () => {
  const answer = { token_type: "Bearer", expires_in: 900, user: { id: "user-ada", username: "ada", roles: ["user"] }, claims: CLAIMS };

  test("come from the answer's claims, hold no token, and are told apart by the access token's jti", () => {
    const session = sessionFromCookieAnswer(answer, 1_750_000_000_000)!;
    expect(session).toEqual({ access_token: "", refresh_token: "", expires_at: 1_750_000_900, claims: CLAIMS });
    expect(sessionKey(session)).toBe("jti:a1");
    expect(sessionKey(sessionFromTokenPair({ access_token: ACCESS, refresh_token: "r", expires_in: 900 }, 0)!)).toBe(ACCESS);
    const fromPair = sessionFromCookieAnswer({ access_token: ACCESS, refresh_token: "r", token_type: "Bearer", expires_in: 900 }, 1_750_000_000_000);
    expect(fromPair).toEqual(session);
    for (const bad of [null, {}, { ...answer, claims: { ...CLAIMS, type: "refresh" } }, { ...answer, claims: { ...CLAIMS, jti: 1 } }]) {
      expect(sessionFromCookieAnswer(bad, 0)).toBeNull();
    }
  });

  test("are stored as claims and expiry only, and read back the same", () => {
    const session = sessionFromCookieAnswer(answer, 1_750_000_000_000)!;
    const stored = serializeSession(session);
    expect(JSON.parse(stored)).toEqual({ v: 1, cookies: true, expires_at: 1_750_000_900, claims: CLAIMS });
    expect(parseStoredSession(stored)).toEqual(session);
    expect(parseStoredSession(JSON.stringify({ v: 1, cookies: true, expires_at: "soon", claims: CLAIMS }))).toBeNull();
  });
});
