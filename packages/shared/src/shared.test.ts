import { describe, expect, test } from "bun:test";
import { Value } from "@sinclair/typebox/value";
import { AccessClaimsSchema } from "./claims.ts";
import { RegisterBodySchema } from "./requests.ts";
import { ERROR_CODES, isErrorCode } from "./error-codes.ts";
import { ROUTES, sessionPath } from "./routes.ts";

describe("the error-code table", () => {
  test("gives the contract's status for each code", () => {
    const statuses = Object.fromEntries(Object.entries(ERROR_CODES).map(([code, { status }]) => [code, status]));
    expect(statuses).toEqual({
      missing_token: 401,
      invalid_header: 400,
      invalid_token: 401,
      token_expired: 401,
      token_not_yet_valid: 401,
      token_revoked: 401,
      wrong_token_type: 401,
      fresh_token_required: 401,
      csrf_failed: 401,
      insufficient_scope: 403,
      missing_parameter: 400,
      invalid_request: 400,
      bad_credentials: 401,
      username_taken: 409,
      registration_closed: 403,
      payload_too_large: 413,
      method_not_allowed: 405,
      rate_limited: 429,
      not_found: 404,
      user_not_found: 401,
      invalid_claims: 400,
      origin_refused: 403,
      account_disabled: 403,
      overloaded: 503,
      store_unavailable: 503,
      internal_error: 500,
    });
  });

  test("tells known codes from unknown ones", () => {
    expect(isErrorCode("token_expired")).toBe(true);
    expect(isErrorCode("toString")).toBe(false);
    expect(isErrorCode("brand_new_code")).toBe(false);
    expect(isErrorCode(401)).toBe(false);
  });
});

describe("routes", () => {
  test("a session's path escapes its id", () => {
    expect(sessionPath("01a2-x")).toBe("/auth/sessions/01a2-x");
    expect(sessionPath("../me")).toBe("/auth/sessions/..%2Fme");
    expect(ROUTES.protected).toBe("/protected");
  });
});

describe("schemas", () => {
  test("usernames are 3 to 64 of letters, digits and @ . + - _", () => {
    const ok = (username: string) => Value.Check(RegisterBodySchema, { username, password: "long enough" });
    expect(["bob", "alice@example.com", "a.b+c-d_e", "x".repeat(64)].map(ok)).toEqual([true, true, true, true]);
    expect(["ab", "x".repeat(65), "has space", "semi;colon", "ünï"].map(ok)).toEqual([false, false, false, false, false]);
  });

  test("access claims refuse non-finite times and a wrong type", () => {
    const claims = { jti: "j", sub: "s", iat: 1, nbf: 1, exp: 2, sid: "s", username: "u", roles: [], type: "access", fresh: false };
    expect(Value.Check(AccessClaimsSchema, claims)).toBe(true);
    expect(Value.Check(AccessClaimsSchema, { ...claims, exp: Number.POSITIVE_INFINITY })).toBe(false);
    expect(Value.Check(AccessClaimsSchema, { ...claims, type: "refresh" })).toBe(false);
    expect(Value.Check(AccessClaimsSchema, { ...claims, extra: { any: "json" } })).toBe(true);
  });
});
