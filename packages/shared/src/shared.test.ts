import { describe, expect, test } from "bun:test";
import { Value } from "@sinclair/typebox/value";
import { AccessClaimsSchema } from "./claims.ts";
import { RegisterBodySchema } from "./requests.ts";
import { ERROR_CODES, isErrorCode } from "./error-codes.ts";
import { ROUTES, sessionPath } from "./routes.ts";
import { userIdIn } from "./user-id.ts";

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
      insufficient_user_authentication: 401,
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
      unknown_passkey: 401,
      store_unavailable: 503,
      invalid_reset_token: 400,
      email_taken: 409,
      invalid_code: 401,
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

  test("a username shaped like a user id is refused: any spelling of a UUID, with or without separators, in any case", () => {
    const ok = (username: string) => Value.Check(RegisterBodySchema, { username, password: "long enough" });
    const id = "0190f2a0-b1c2-7def-8000-00000000ab12";
    const idShaped = [id, id.toUpperCase(), id.replaceAll("-", ""), id.replaceAll("-", "").toUpperCase(), id.replaceAll("-", "_"), `-${id.replaceAll("-", ".")}@`, "0190F2A0-b1c27def800000000000ab12"];
    expect(idShaped.map(ok)).toEqual(idShaped.map(() => false));
    // Near misses stay names: one hex digit fewer or more, a letter that is not hex, an id inside a name.
    const names = [id.slice(0, -1), `${id}0`, `${id.slice(0, -1)}g`, `e2e-${id}`, `user-${id}`, "deadbeef"];
    expect(names.map(ok)).toEqual(names.map(() => true));
  });

  test("userIdIn reads any spelling of an id as the id it names, and anything else as no id", () => {
    const id = "0190f2a0-b1c2-7def-8000-00000000ab12";
    for (const spelling of [id, id.toUpperCase(), id.replaceAll("-", ""), id.replaceAll("-", "_"), "0190F2A0-b1c27def800000000000ab12"]) {
      expect({ spelling, id: userIdIn(spelling) }).toEqual({ spelling, id });
    }
    for (const name of ["alice", `e2e-${id}`, id.slice(0, -1), `{${id}}`, ""]) expect({ name, id: userIdIn(name) }).toEqual({ name, id: undefined });
  });

  test("access claims refuse non-finite times and a wrong type", () => {
    const claims = { jti: "j", sub: "s", iat: 1, nbf: 1, exp: 2, sid: "s", username: "u", roles: [], type: "access", fresh: false };
    expect(Value.Check(AccessClaimsSchema, claims)).toBe(true);
    expect(Value.Check(AccessClaimsSchema, { ...claims, exp: Number.POSITIVE_INFINITY })).toBe(false);
    expect(Value.Check(AccessClaimsSchema, { ...claims, type: "refresh" })).toBe(false);
    expect(Value.Check(AccessClaimsSchema, { ...claims, extra: { any: "json" } })).toBe(true);
  });
});
