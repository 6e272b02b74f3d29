// The README's "jot in your own Elysia app", as an app outside the repository writes it against the
// installed @jot/elysia, with its revocations in @jot/stores' SQL store: a login that checks a
// password, a protected route, an optional one, a logout that revokes the token.

/** The app's source (index.ts of the fresh project). It prints `listening <url>` once it listens. */
export const ELYSIA_APP = `
import { Elysia, t } from "elysia";
import { jot, JotError } from "@jot/elysia";
import { migrate, openDatabase, SqlRevocationStore } from "@jot/stores";

const users = new Map([
  ["nate", { roles: ["admin"], passwordHash: await Bun.password.hash("correct horse battery staple") }],
]);

const db = openDatabase("sqlite://:memory:");
await migrate(db);

const auth = jot({
  secret: process.env.JWT_SECRET_KEY,
  additionalClaims: () => ({ lang: "en" }),
  stores: { revocations: new SqlRevocationStore(db.sql) },
});

const app = new Elysia()
  .use(auth)
  .post("/login", async ({ body, createAccessToken, createRefreshToken }) => {
    const user = users.get(body.username);
    if (!user || !(await Bun.password.verify(body.password, user.passwordHash))) throw new JotError("bad_credentials");
    return {
      access_token: await createAccessToken(body.username, { roles: user.roles, fresh: true }),
      refresh_token: await createRefreshToken(body.username),
    };
  }, { body: t.Object({ username: t.String(), password: t.String() }) })
  .get("/protected", ({ identity, claims }) => {
    const lang: string = claims.lang;
    return { hi: identity, lang, roles: claims.roles };
  }, { auth: true })
  .get("/maybe", ({ claims }) => ({ signedIn: claims !== null }), { optionalAuth: true })
  .delete("/logout", async ({ claims }) => {
    await auth.revoke(claims);
    return { msg: "Access token revoked" };
  }, { auth: true })
  .listen({ hostname: "127.0.0.1", port: 0 });

console.log(\`listening \${app.server?.url}\`);
`;

/** A file that must not type-check against the installed types: an identity is a string. */
export const ELYSIA_TYPE_ERROR = `
import { jot } from "@jot/elysia";
await jot({ secret: "a-secret-of-thirty-two-bytes-or-more!" }).createAccessToken(42);
`;

interface Answer {
  status: number;
  body: unknown;
}

async function call(base: string, method: string, path: string, { token, body }: { token?: string; body?: unknown } = {}): Promise<Answer> {
  const response = await fetch(new URL(path, base), {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

/** Logs in with a wrong and the right password, calls the routes with and without the token, logs out, calls again. */
export async function exerciseApp(base: string): Promise<Record<string, Answer>> {
  const wrongPassword = await call(base, "POST", "/login", { body: { username: "nate", password: "not the password" } });
  const login = await call(base, "POST", "/login", { body: { username: "nate", password: "correct horse battery staple" } });
  const token = (login.body as { access_token?: string }).access_token;
  const withoutToken = await call(base, "GET", "/protected");
  const maybeSignedOut = await call(base, "GET", "/maybe");
  const maybeSignedIn = await call(base, "GET", "/maybe", { token });
  const protectedAnswer = await call(base, "GET", "/protected", { token });
  const logout = await call(base, "DELETE", "/logout", { token });
  const afterLogout = await call(base, "GET", "/protected", { token });
  return { wrongPassword, withoutToken, maybeSignedOut, maybeSignedIn, protected: protectedAnswer, logout, afterLogout };
}

/** What {@link exerciseApp} answers when the app works. */
export const EXPECTED_ANSWERS = {
  wrongPassword: { status: 401, body: { error: "bad_credentials", msg: "Bad username or password" } },
  withoutToken: { status: 401, body: { error: "missing_token", msg: "Missing Authorization Header" } },
  maybeSignedOut: { status: 200, body: { signedIn: false } },
  maybeSignedIn: { status: 200, body: { signedIn: true } },
  protected: { status: 200, body: { hi: "nate", lang: "en", roles: ["admin"] } },
  logout: { status: 200, body: { msg: "Access token revoked" } },
  afterLogout: { status: 401, body: { error: "token_revoked", msg: "Token has been revoked" } },
};
