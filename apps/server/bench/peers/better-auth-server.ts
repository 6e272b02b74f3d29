/**
 * better-auth on Elysia as its documentation shows it: the handler mounted (sign-up, sign-in,
 * get-session, token, jwks under /api/auth), `GET /protected` checking the session with
 * `auth.api.getSession({ headers })` (the bearer plugin turns the Authorization header into its
 * session cookie), and `GET /protected-jwt` verifying its JWT locally with jose against its JWKS,
 * as a resource server does. Run as its own process in a folder of its own, with
 * BETTER_AUTH_SECRET and PORT=0 set; it migrates its database file there first.
 * BETTER_AUTH_SET_JWT_HEADER=off sets its jwt plugin's `disableSettingJwtHeader`.
 */
import { Elysia } from "elysia";
import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet } from "jose";
import { BETTER_AUTH_BASE_URL, BETTER_AUTH_DATABASE_FILE, createBetterAuth, migrateBetterAuth } from "../better-auth/auth.ts";

const auth = createBetterAuth(BETTER_AUTH_DATABASE_FILE, process.env.BETTER_AUTH_SECRET ?? "", {
  setJwtHeader: process.env.BETTER_AUTH_SET_JWT_HEADER !== "off",
});
await migrateBetterAuth(auth);

/**
 * Its JWKS, kept locally as its documentation advises (the key changes rarely), fetched again
 * when a token names a key it does not hold, at most once a second.
 */
let keys = createLocalJWKSet((await auth.api.getJwks()) as JSONWebKeySet);
let fetchedAt = Date.now();
async function verifyJwt(token: string) {
  const options = { issuer: BETTER_AUTH_BASE_URL, audience: BETTER_AUTH_BASE_URL };
  try {
    return await jwtVerify(token, keys, options);
  } catch (error) {
    if (!(error instanceof errors.JWKSNoMatchingKey) || Date.now() - fetchedAt < 1000) throw error;
    keys = createLocalJWKSet((await auth.api.getJwks()) as JSONWebKeySet);
    fetchedAt = Date.now();
    return await jwtVerify(token, keys, options);
  }
}

const app = new Elysia()
  .mount(auth.handler)
  .get("/protected", async ({ request, set }) => {
    const session = await auth.api.getSession({ headers: request.headers });
    if (!session) {
      set.status = 401;
      return { error: "invalid_token" };
    }
    return { message: `Hello, ${session.user.name}! This is a protected route.` };
  })
  .get("/protected-jwt", async ({ request, set }) => {
    const authorization = request.headers.get("authorization") ?? "";
    try {
      const { payload } = await verifyJwt(authorization.slice("Bearer ".length));
      return { message: `Hello, ${String(payload.name)}! This is a protected route.` };
    } catch {
      set.status = 401;
      return { error: "invalid_token" };
    }
  })
  .listen({ port: Number(process.env.PORT ?? 0), hostname: "127.0.0.1" });
console.log(`listening on port ${app.server?.port}`);
