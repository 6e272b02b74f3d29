import { describe, expect, test } from "bun:test";
import ky, { ForceRetryError, NetworkError, TimeoutError } from "ky";
import { AuthError } from "./auth-error.ts";
import { authErrorFromAnswer, authErrorFromResponse, malformedAnswerError, readJsonAnswer, toAuthError } from "./to-auth-error.ts";

function summary(error: AuthError) {
  return { code: error.code, status: error.status, msg: error.msg };
}

describe("authErrorFromAnswer", () => {
  test("an {error, msg} body gives its code and msg with the status", () => {
    expect(summary(authErrorFromAnswer(401, { error: "token_expired", msg: "Token has expired" }))).toEqual({
      code: "token_expired",
      status: 401,
      msg: "Token has expired",
    });
  });

  test("the same body as unparsed text (no JSON content type) gives the same error", () => {
    expect(summary(authErrorFromAnswer(409, '{"error":"username_taken","msg":"Username already exists"}'))).toEqual({
      code: "username_taken",
      status: 409,
      msg: "Username already exists",
    });
  });

  test("an unknown code passes through with the server's msg", () => {
    expect(summary(authErrorFromAnswer(451, { error: "legal_hold", msg: "Held" }))).toEqual({ code: "legal_hold", status: 451, msg: "Held" });
  });

  test("a known code without msg gets the table's default msg; an unknown one says the status", () => {
    expect(summary(authErrorFromAnswer(401, { error: "token_revoked" }))).toEqual({
      code: "token_revoked",
      status: 401,
      msg: "Token has been revoked",
    });
    expect(summary(authErrorFromAnswer(400, { error: "odd", msg: 42 }))).toEqual({ code: "odd", status: 400, msg: "Unexpected answer (HTTP 400)" });
  });

  test("a body that is not an error body takes the code its status alone means, keeping the status", () => {
    const cases: [number, unknown][] = [
      [429, "<html>slow down</html>"],
      [404, undefined],
      [413, ""],
      [405, { error: 12 }],
    ];

    expect(cases.map(([status, body]) => summary(authErrorFromAnswer(status, body)))).toEqual([
      { code: "rate_limited", status: 429, msg: "Too many requests" },
      { code: "not_found", status: 404, msg: "Not found" },
      { code: "payload_too_large", status: 413, msg: "Request body is too large" },
      { code: "method_not_allowed", status: 405, msg: "Method not allowed" },
    ]);
  });

  test("a status shared by several codes, or by none, gives internal_error with the status kept", () => {
    // 503 is both store_unavailable and overloaded; 409 both username_taken and email_taken.
    const statuses = [400, 401, 403, 409, 500, 502, 503, 418];

    expect(statuses.map((status) => summary(authErrorFromAnswer(status, "<html>")))).toEqual(
      statuses.map((status) => ({ code: "internal_error", status, msg: `Unexpected answer (HTTP ${status})` })),
    );
  });

  test("an empty error string is not a code", () => {
    expect(summary(authErrorFromAnswer(502, { error: "", msg: "x" }))).toEqual({
      code: "internal_error",
      status: 502,
      msg: "Unexpected answer (HTTP 502)",
    });
  });
});

describe("authErrorFromResponse", () => {
  test("reads the body of a response", async () => {
    const response = new Response('{"error":"token_expired","msg":"Token has expired"}', { status: 401 });

    expect(summary(await authErrorFromResponse(response))).toEqual({ code: "token_expired", status: 401, msg: "Token has expired" });
  });

  test("a body that cannot be read counts as none", async () => {
    const response = new Response("x", { status: 404 });
    await response.text();

    expect(summary(await authErrorFromResponse(response))).toEqual({ code: "not_found", status: 404, msg: "Not found" });
  });
});

describe("readJsonAnswer", () => {
  test("parses a JSON body", async () => {
    expect(await readJsonAnswer(new Response('{"id":"1"}'))).toEqual({ id: "1" });
  });

  test("a body that is not JSON rejects with internal_error and the real status", async () => {
    const rejected = await readJsonAnswer(new Response("<html>", { status: 200 })).catch((error: AuthError) => error);

    expect(summary(rejected as AuthError)).toEqual({ code: "internal_error", status: 200, msg: "The server's answer is malformed" });
  });
});

describe("toAuthError", () => {
  test("an AuthError is returned as it is", () => {
    const error = malformedAnswerError(201);

    expect(toAuthError(error)).toBe(error);
  });

  test("a ky HTTPError becomes the server's error, from its pre-parsed body", async () => {
    const api = ky.create({
      retry: 0,
      fetch: async () => Response.json({ error: "insufficient_scope", msg: "Missing role admin" }, { status: 403 }),
    });
    const httpError = await api.get("http://jot.test/admin").catch((error: unknown) => error);

    const error = toAuthError(httpError);

    expect(summary(error)).toEqual({ code: "insufficient_scope", status: 403, msg: "Missing role admin" });
    expect(error.cause).toBe(httpError);
  });

  test("a timeout is a network_error with status 0 that says it timed out", () => {
    const timeout = new TimeoutError(new Request("http://jot.test/slow"));

    const error = toAuthError(timeout);

    expect(summary(error)).toEqual({ code: "network_error", status: 0, msg: "The request timed out" });
    expect(error.cause).toBe(timeout);
  });

  test("a network error, a thrown Error or a thrown non-Error are network_error with status 0", () => {
    const thrown: unknown[] = [new NetworkError(new Request("http://jot.test/")), new TypeError("fetch failed"), "just a string", undefined];

    expect(thrown.map((value) => summary(toAuthError(value)))).toEqual(
      thrown.map(() => ({ code: "network_error", status: 0, msg: "The request got no answer" })),
    );
  });

  test("a forced retry ky could not make gives back the error that asked for it", () => {
    const expired = new AuthError({ code: "token_expired", status: 401, msg: "Token has expired" });

    expect(toAuthError(new ForceRetryError({ code: "TOKEN_REFRESHED", cause: expired }))).toBe(expired);
  });
});
