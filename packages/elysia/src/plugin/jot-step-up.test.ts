import { describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { outcome } from "@jot/testing";
// Only the package's public exports: what an app of its own can use.
import { jot, PASSKEY_AMR } from "../index.ts";

const SECRET = "an-app-secret-of-at-least-32-bytes!";
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

function stepUpApp() {
  const auth = jot({ secret: SECRET });
  let ran = 0;
  const app = new Elysia()
    .use(auth)
    .get("/payouts", () => ({ ran: ++ran }), { auth: { amr: ["otp"] } })
    .get("/payouts/fresh", () => ({ ok: true }), { auth: { amr: ["otp"], fresh: true } });
  const get = (path: string, token: string) => app.handle(new Request(`http://localhost${path}`, bearer(token)));
  return { auth, get, ran: () => ran };
}

describe("step-up: { auth: { amr } }", () => {
  test("a token signed in without the named method is refused 401 insufficient_user_authentication with an RFC 9470 challenge, and the handler does not run", async () => {
    const { auth, get, ran } = stepUpApp();
    const passwordOnly = await auth.createAccessToken("nate", { additionalClaims: { amr: ["pwd"] } });
    const noAmr = await auth.createAccessToken("nate");
    const refusal = {
      status: 401,
      body: { error: "insufficient_user_authentication", msg: "Sign in with otp to use this route" },
      challenge: `Bearer realm="jot", error="insufficient_user_authentication", error_description="Sign in with otp to use this route"`,
    };
    expect(await outcome(await get("/payouts", passwordOnly))).toEqual(refusal);
    expect(await outcome(await get("/payouts", noAmr))).toEqual(refusal);
    expect(ran()).toBe(0);
  });

  test("a token whose amr names every required method is admitted, and freshness is still asked where the route asks it", async () => {
    const { auth, get, ran } = stepUpApp();
    const withOtp = await auth.createAccessToken("nate", { additionalClaims: { amr: ["pwd", "otp"] } });
    expect(await outcome(await get("/payouts", withOtp))).toEqual({ status: 200, body: { ran: 1 }, challenge: null });
    expect(ran()).toBe(1);
    expect((await get("/payouts/fresh", withOtp)).status).toBe(401);
    const freshWithOtp = await auth.createAccessToken("nate", { fresh: true, additionalClaims: { amr: ["pwd", "otp"] } });
    expect((await get("/payouts/fresh", freshWithOtp)).status).toBe(200);
  });

  test("a route asking for two factors names mfa: a passkey login and a password with a code both carry it, a password alone does not", async () => {
    const auth = jot({ secret: SECRET });
    const app = new Elysia().use(auth).get("/payouts", () => ({ ok: true }), { auth: { amr: ["mfa"] } });
    const status = async (amr: readonly string[]) =>
      (await app.handle(new Request("http://localhost/payouts", bearer(await auth.createAccessToken("nate", { additionalClaims: { amr: [...amr] } }))))).status;
    expect(PASSKEY_AMR).toContain("mfa");
    expect(await status(PASSKEY_AMR)).toBe(200);
    expect(await status(["pwd", "otp", "mfa"])).toBe(200);
    expect(await status(["pwd"])).toBe(401);
    // Methods are matched as named: a passkey is not a one-time password.
    const otpRoute = new Elysia().use(auth).get("/otp", () => "ok", { auth: { amr: ["otp"] } });
    const passkeyToken = await auth.createAccessToken("nate", { additionalClaims: { amr: [...PASSKEY_AMR] } });
    expect((await otpRoute.handle(new Request("http://localhost/otp", bearer(passkeyToken)))).status).toBe(401);
  });

  test("an amr that is not a list of method names is refused when the route is defined", () => {
    const auth = jot({ secret: SECRET });
    // @ts-expect-error a string where a list is asked: the route's author is told at once.
    expect(() => new Elysia().use(auth).get("/x", () => "x", { auth: { amr: "otp" } })).toThrow("auth.amr must be an array of method names");
  });
});
