import { describe, expect, test } from "bun:test";
import { AuthError, isAuthError } from "./auth-error.ts";

describe("AuthError", () => {
  test("carries code, status and msg, with msg as the message and the cause kept", () => {
    const cause = new Error("underlying");

    const error = new AuthError({ code: "token_expired", status: 401, msg: "Token has expired", cause });

    expect(error).toBeInstanceOf(Error);
    expect({ name: error.name, code: error.code, status: error.status, msg: error.msg, message: error.message }).toEqual({
      name: "AuthError",
      code: "token_expired",
      status: 401,
      msg: "Token has expired",
      message: "Token has expired",
    });
    expect(error.cause).toBe(cause);
  });

  test("a code unknown to this version is kept as it is", () => {
    expect(new AuthError({ code: "from_the_future", status: 499, msg: "?" }).code).toBe("from_the_future");
  });
});

describe("isAuthError", () => {
  test("recognises an AuthError", () => {
    expect(isAuthError(new AuthError({ code: "network_error", status: 0, msg: "offline" }))).toBe(true);
  });

  test("recognises an AuthError from another copy of the SDK by its brand", () => {
    class OtherCopyAuthError extends Error {
      readonly __isJotAuthError = true;
      readonly code = "token_revoked";
      readonly status = 401;
    }

    expect(isAuthError(new OtherCopyAuthError("revoked"))).toBe(true);
  });

  test("refuses everything else", () => {
    const others: unknown[] = [new Error("plain"), { code: "token_expired", status: 401 }, { __isJotAuthError: "yes" }, null, undefined, 0, "", []];

    expect(others.map(isAuthError)).toEqual(others.map(() => false));
  });
});
