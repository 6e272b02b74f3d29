import { afterEach, describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { claimsOf, manualClock, outcome, REVOKED } from "@jot/testing";
// Only the package's public exports: what an app of its own can use.
import { jot, MemorySessionStore, type JotOptions } from "../index.ts";

const SECRET = "an-app-secret-of-at-least-32-bytes!";
const clock = manualClock();
afterEach(() => clock.reset());

const send = (app: { handle(request: Request): Promise<Response> }, method: string, path: string, token?: string) =>
  app.handle(new Request(`http://localhost${path}`, { method, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } }));

interface Pair {
  access_token: string;
  refresh_token: string;
  session_id: string;
}

/** An app with sessions as its README shows one: login, refresh and logout on jot's session calls. */
function sessionApp(overrides: Partial<JotOptions<{ lang: string; team?: string }>> = {}) {
  const auth = jot<{ lang: string; team?: string }>({
    secret: SECRET,
    clock,
    refreshReuseGrace: "10s",
    additionalClaims: () => ({ lang: "en" }),
    ...overrides,
  });
  const app = new Elysia()
    .use(auth)
    .post("/login/:who", ({ params, createTokens }) =>
      createTokens(params.who, { roles: params.who === "nate" ? ["admin"] : [], fresh: true, additionalClaims: { team: "blue" } }),
    )
    .get("/me", ({ claims }) => ({ sub: claims.sub, lang: claims.lang, team: claims.team, roles: claims.roles, fresh: claims.fresh }), { auth: true })
    .get("/admin", () => ({ ok: true }), { auth: { roles: ["admin"] } })
    .post("/refresh", ({ claims }) => auth.refreshTokens(claims), { auth: "refresh" })
    .delete("/logout", async ({ claims }) => {
      await auth.endSession(claims);
      return { msg: "Logged out" };
    }, { auth: true });
  return { auth, app };
}

async function pairOf(response: Response): Promise<Pair> {
  expect(response.status).toBe(200);
  return (await response.json()) as Pair;
}

describe("jot() sessions: createTokens, refreshTokens, endSession", () => {
  test("createTokens starts a session: both tokens carry its id, the access token is fresh, the refresh token is a refresh token", async () => {
    const { app } = sessionApp();
    const pair = await pairOf(await send(app, "POST", "/login/nate"));
    expect(claimsOf(pair.access_token)).toMatchObject({ sub: "nate", sid: pair.session_id, type: "access", fresh: true, roles: ["admin"], team: "blue" });
    expect(claimsOf(pair.refresh_token)).toMatchObject({ sub: "nate", sid: pair.session_id, type: "refresh" });
  });

  test("a refresh keeps the session's roles and additional claims: the admin still gets the admin route; the new access token is not fresh", async () => {
    const { app } = sessionApp();
    const login = await pairOf(await send(app, "POST", "/login/nate"));
    clock.advance(60);
    const refreshed = await pairOf(await send(app, "POST", "/refresh", login.refresh_token));
    expect(refreshed.session_id).toBe(login.session_id);
    expect(refreshed.refresh_token).not.toBe(login.refresh_token);
    expect((await send(app, "GET", "/admin", refreshed.access_token)).status).toBe(200);
    expect(await (await send(app, "GET", "/me", refreshed.access_token)).json()).toEqual({ sub: "nate", lang: "en", team: "blue", roles: ["admin"], fresh: false });
    // And the session's next refresh token works in turn.
    clock.advance(60);
    await pairOf(await send(app, "POST", "/refresh", refreshed.refresh_token));
  });

  test("logout ends the whole session: the access token and the refresh token are both refused", async () => {
    const { app } = sessionApp();
    const login = await pairOf(await send(app, "POST", "/login/ann"));
    expect((await send(app, "DELETE", "/logout", login.access_token)).status).toBe(200);
    expect(await outcome(await send(app, "GET", "/me", login.access_token))).toEqual(REVOKED);
    expect(await outcome(await send(app, "POST", "/refresh", login.refresh_token))).toEqual(REVOKED);
  });

  test("ending one session leaves the user's others alive", async () => {
    const { app } = sessionApp();
    const ended = await pairOf(await send(app, "POST", "/login/ann"));
    const other = await pairOf(await send(app, "POST", "/login/ann"));
    await send(app, "DELETE", "/logout", ended.access_token);
    expect((await send(app, "GET", "/me", other.access_token)).status).toBe(200);
    await pairOf(await send(app, "POST", "/refresh", other.refresh_token));
  });

  test("a rotated-out refresh token within the grace window is honoured once with the session's current refresh token; again, it ends the session", async () => {
    const { app } = sessionApp();
    const login = await pairOf(await send(app, "POST", "/login/ann"));
    const rotated = await pairOf(await send(app, "POST", "/refresh", login.refresh_token));
    clock.advance(5);
    const honoured = await pairOf(await send(app, "POST", "/refresh", login.refresh_token));
    expect(claimsOf(honoured.refresh_token).jti).toBe(claimsOf(rotated.refresh_token).jti);
    expect((await send(app, "GET", "/me", honoured.access_token)).status).toBe(200);

    expect(await outcome(await send(app, "POST", "/refresh", login.refresh_token))).toEqual(REVOKED);
    for (const token of [rotated.access_token, honoured.access_token]) expect(await outcome(await send(app, "GET", "/me", token))).toEqual(REVOKED);
    expect(await outcome(await send(app, "POST", "/refresh", rotated.refresh_token))).toEqual(REVOKED);
  });

  test("a rotated-out refresh token presented after the grace window is reuse: the whole session ends", async () => {
    const { app } = sessionApp();
    const login = await pairOf(await send(app, "POST", "/login/ann"));
    const rotated = await pairOf(await send(app, "POST", "/refresh", login.refresh_token));
    clock.advance(11);
    expect(await outcome(await send(app, "POST", "/refresh", login.refresh_token))).toEqual(REVOKED);
    expect(await outcome(await send(app, "GET", "/me", rotated.access_token))).toEqual(REVOKED);
    expect(await outcome(await send(app, "POST", "/refresh", rotated.refresh_token))).toEqual(REVOKED);
  });

  test("an identity has at most maxSessions live sessions: one more ends the oldest", async () => {
    const { app } = sessionApp({ maxSessions: 2 });
    const loginLater = async () => {
      clock.advance(1);
      return pairOf(await send(app, "POST", "/login/ann"));
    };
    const [oldest, middle, newest] = [await loginLater(), await loginLater(), await loginLater()];
    expect(await outcome(await send(app, "POST", "/refresh", oldest.refresh_token))).toEqual(REVOKED);
    for (const pair of [middle, newest]) expect((await send(app, "GET", "/me", pair.access_token)).status).toBe(200);
  });

  test("a session not refreshed for the idle timeout ends at its next refresh", async () => {
    const { app } = sessionApp({ sessionIdleTimeout: "1h" });
    const login = await pairOf(await send(app, "POST", "/login/ann"));
    clock.advance(30 * 60);
    const kept = await pairOf(await send(app, "POST", "/refresh", login.refresh_token));
    clock.advance(60 * 60);
    expect(await outcome(await send(app, "POST", "/refresh", kept.refresh_token))).toMatchObject({
      status: 401,
      body: { error: "token_expired", msg: "Session has been idle too long" },
    });
    expect(await outcome(await send(app, "POST", "/refresh", kept.refresh_token))).toEqual(REVOKED);
  });

  test("a refresh token of no session (createRefreshToken) is 401 invalid_token, and rotates nothing", async () => {
    const { auth, app } = sessionApp();
    const loose = await auth.createRefreshToken("ann");
    expect(await outcome(await send(app, "POST", "/refresh", loose))).toMatchObject({ status: 401, body: { error: "invalid_token", msg: "Token belongs to no session" } });
  });

  test("the sessions live in the store given", async () => {
    const sessions = new MemorySessionStore();
    const { auth } = sessionApp({ stores: { sessions } });
    const pair = await auth.createTokens("ann", { roles: ["reader"], additionalClaims: { team: "red" } });
    expect(await sessions.find(pair.session_id)).toMatchObject({ userId: "ann", roles: ["reader"], additionalClaims: { lang: "en", team: "red" } });
  });

  test("refreshTokens refuses an access token's claims with a TypeError and leaves the session alive; endSession refuses claims without a session", async () => {
    const { auth } = sessionApp();
    const pair = await auth.createTokens("ann");
    const access = await auth.authenticate(pair.access_token);
    await expect(auth.refreshTokens(access)).rejects.toThrow(TypeError);
    await expect(auth.endSession({ sub: "ann" })).rejects.toThrow(TypeError);
    await auth.refreshTokens(await auth.authenticate(pair.refresh_token, "refresh"));
  });
});
