import { afterEach, beforeEach, describe, expect, spyOn, test, type Mock } from "bun:test";
import { Elysia } from "elysia";
import { outcome, REVOKED } from "@jot/testing";
import { jsonLinesErrorLog } from "../logging/error-log.ts";
// Only the package's public exports, besides the log writer: what an app of its own can use.
import { HookFailure, jot, JotError, type JotOptions } from "../index.ts";

// S-30: an app hook that throws, or answers what its documentation does not, refuses the request;
// what the hook threw is logged through logError and never answered. Every app here uses jot()
// alone: no error handler of the jot server around it.

const SECRET = "an-app-secret-of-at-least-32-bytes!";
const LEAK = "db password=hunter2 at postgres://u:p@db";
const INTERNAL_ERROR = { status: 500, body: { error: "internal_error", msg: "Internal server error" }, challenge: null };
const STORE_UNAVAILABLE = { status: 503, body: { error: "store_unavailable", msg: "A store needed to answer could not be reached" }, challenge: null };
const USER_NOT_FOUND = {
  status: 401,
  body: { error: "user_not_found", msg: "User not found" },
  challenge: `Bearer realm="jot", error="invalid_token", error_description="User not found"`,
};

let printed: Array<Mock<(...args: unknown[]) => void>> = [];
beforeEach(() => {
  printed = (["log", "warn", "error"] as const).map((level) => spyOn(console, level).mockImplementation(() => undefined));
});
afterEach(() => {
  for (const spy of printed) spy.mockRestore();
});

/** A bare app on one jot() instance: a guarded route, a login, and every error reported to `reported`. */
function bareApp(hooks: Partial<JotOptions<Record<string, unknown>, object>>) {
  const reported: Array<{ event: string; error: unknown }> = [];
  let handlerRan = false;
  const auth = jot<Record<string, unknown>, object>({ secret: SECRET, logError: (event, error) => void reported.push({ event, error }), ...hooks });
  const app = new Elysia()
    .use(auth)
    .post("/login", async ({ createAccessToken }) => ({ access_token: await createAccessToken("nate") }))
    .post("/login-with-a-secret", async ({ createAccessToken }) => ({ access_token: await createAccessToken("nate", { additionalClaims: { password: "x" } }) }))
    .get("/protected", () => {
      handlerRan = true;
      return { ok: true };
    }, { auth: true });
  const request = (path: string, init: RequestInit = {}) => app.handle(new Request(`http://localhost${path}`, init));
  const protectedWith = async (token: string) => request("/protected", { headers: { authorization: `Bearer ${token}` } });
  return { auth, reported, request, protectedWith, handlerRan: () => handlerRan };
}

/** The response's text, which must not hold what the hook threw. */
async function answered(response: Response) {
  const text = await response.clone().text();
  expect(text).not.toContain("hunter2");
  expect(text).not.toContain("postgres://");
  return outcome(response);
}

describe("a hook that throws fails closed and quiet", () => {
  const throwing = {
    sync: () => {
      throw new Error(LEAK);
    },
    async: async () => {
      throw new Error(LEAK);
    },
  };

  for (const [kind, hook] of Object.entries(throwing)) {
    test(`userLookup (${kind}) is 500 internal_error, logged, its message never answered`, async () => {
      const t = bareApp({ userLookup: hook });
      const response = await t.protectedWith(await t.auth.createAccessToken("nate"));
      expect(response.headers.get("content-type")).toStartWith("application/json");
      expect(await answered(response)).toEqual(INTERNAL_ERROR);
      expect(t.handlerRan()).toBe(false);
      expect(t.reported).toHaveLength(1);
      expect(t.reported[0]!.event).toBe("hook_error");
      expect(t.reported[0]!.error).toBeInstanceOf(HookFailure);
      expect((t.reported[0]!.error as HookFailure).hook).toBe("userLookup");
      expect(((t.reported[0]!.error as HookFailure).cause as Error).message).toBe(LEAK);
      for (const spy of printed) expect(spy).not.toHaveBeenCalled();
    });

    test(`verifyClaims (${kind}) is 500 internal_error, logged, its message never answered`, async () => {
      const t = bareApp({ verifyClaims: hook });
      expect(await answered(await t.protectedWith(await t.auth.createAccessToken("nate")))).toEqual(INTERNAL_ERROR);
      expect(t.handlerRan()).toBe(false);
      expect(t.reported.map(({ event, error }) => [event, (error as HookFailure).hook])).toEqual([["hook_error", "verifyClaims"]]);
    });

    test(`isRevoked (${kind}) is 503 store_unavailable, logged, its message never answered`, async () => {
      const t = bareApp({ isRevoked: hook });
      expect(await answered(await t.protectedWith(await t.auth.createAccessToken("nate")))).toEqual(STORE_UNAVAILABLE);
      expect(t.handlerRan()).toBe(false);
      expect(t.reported.map(({ event, error }) => [event, (error as HookFailure).hook])).toEqual([["hook_error", "isRevoked"]]);
    });

    test(`additionalClaims (${kind}) throwing under a handler's createAccessToken is 500 internal_error, logged, its message never answered`, async () => {
      const t = bareApp({ additionalClaims: hook });
      const response = await t.request("/login", { method: "POST" });
      expect(await answered(response)).toEqual(INTERNAL_ERROR);
      expect(t.reported.map(({ event, error }) => [event, (error as HookFailure).hook])).toEqual([["hook_error", "additionalClaims"]]);
      // Outside a request the caller gets the failure, its cause attached.
      const outside = await t.auth.createAccessToken("nate").catch((error: unknown) => error);
      expect(outside).toBeInstanceOf(HookFailure);
      expect(((outside as HookFailure).cause as Error).message).toBe(LEAK);
    });
  }

  test("authenticate() outside a request fails as the guard does", async () => {
    const t = bareApp({ isRevoked: throwing.sync, verifyClaims: () => true });
    await expect(t.auth.authenticate(await t.auth.createAccessToken("nate"))).rejects.toMatchObject({ code: "store_unavailable", hook: "isRevoked" });
  });

  test("a refusal a hook throws as a JotError keeps its code", async () => {
    const t = bareApp({ userLookup: () => Promise.reject(new JotError("account_disabled", "Account is disabled")) });
    const response = await t.protectedWith(await t.auth.createAccessToken("nate"));
    expect((await outcome(response)).body).toEqual({ error: "account_disabled", msg: "Account is disabled" });
    expect(t.reported).toEqual([]);
  });

  test("a caller's mistake in a handler's createAccessToken is 500 internal_error, logged, never answered with its text", async () => {
    const t = bareApp({});
    const response = await t.request("/login-with-a-secret", { method: "POST" });
    expect(await outcome(response)).toEqual(INTERNAL_ERROR);
    expect(t.reported).toHaveLength(1);
    expect(t.reported[0]!.event).toBe("internal_error");
    expect(t.reported[0]!.error).toBeInstanceOf(TypeError);
    // Outside a request it is the TypeError itself.
    await expect(t.auth.createAccessToken("nate", { additionalClaims: { password: "x" } })).rejects.toThrow(TypeError);
  });

  test("an error hook that throws is logged, and jot's own answer is sent", async () => {
    const t = bareApp({
      onError: () => {
        throw new Error(LEAK);
      },
    });
    const response = await t.request("/protected");
    expect(await answered(response)).toMatchObject({ status: 401, body: { error: "missing_token", msg: "Missing Authorization Header" } });
    expect(t.reported.map(({ event, error }) => [event, (error as HookFailure).hook])).toEqual([["hook_error", "onError"]]);
  });

  test("the error log's line names the hook and hides a URL's password", async () => {
    const lines: string[] = [];
    const t = bareApp({ userLookup: throwing.sync, logError: jsonLinesErrorLog((line) => lines.push(line)) });
    await t.protectedWith(await t.auth.createAccessToken("nate"));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "error", event: "hook_error", hook: "userLookup", error: "Error", message: "db password=hunter2 at postgres://u:***@db" });
  });
});

describe("only the documented hook answers let a request through", () => {
  const notUsers: unknown[] = [false, 0, "", "nate", 42, true, Number.NaN, undefined, null, Symbol("user")];

  test("userLookup answering anything but a user object is 401 user_not_found", async () => {
    for (const answer of notUsers) {
      for (const lookup of [() => answer, async () => answer]) {
        const t = bareApp({ userLookup: lookup as () => object });
        expect({ answer: String(answer), outcome: await outcome(await t.protectedWith(await t.auth.createAccessToken("nate"))) }).toEqual({
          answer: String(answer),
          outcome: USER_NOT_FOUND,
        });
        expect(t.handlerRan()).toBe(false);
      }
    }
    const t = bareApp({ userLookup: () => ({ name: "Nate" }) });
    expect((await t.protectedWith(await t.auth.createAccessToken("nate"))).status).toBe(200);
  });

  test("isRevoked lets a token through only by answering false", async () => {
    for (const answer of [undefined, null, 0, "", "no", true, {}]) {
      const t = bareApp({ isRevoked: () => answer as boolean });
      expect({ answer: String(answer), outcome: await outcome(await t.protectedWith(await t.auth.createAccessToken("nate"))) }).toEqual({
        answer: String(answer),
        outcome: REVOKED,
      });
    }
    const t = bareApp({ isRevoked: async () => false });
    expect((await t.protectedWith(await t.auth.createAccessToken("nate"))).status).toBe(200);
  });

  test("verifyClaims lets a token through only by answering true", async () => {
    for (const answer of [undefined, null, 1, "yes", {}, false]) {
      const t = bareApp({ verifyClaims: () => answer as boolean });
      expect({ answer: String(answer), outcome: await outcome(await t.protectedWith(await t.auth.createAccessToken("nate"))) }).toEqual({
        answer: String(answer),
        outcome: { status: 400, body: { error: "invalid_claims", msg: "User claims verification failed" }, challenge: null },
      });
    }
    const t = bareApp({ verifyClaims: async () => true });
    expect((await t.protectedWith(await t.auth.createAccessToken("nate"))).status).toBe(200);
  });
});
