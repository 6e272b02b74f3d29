// The Flask-JWT-Extended tutorial's app, line for line, on jot(): `bun examples/tutorial/app.ts`.
import { Elysia } from "elysia";
import { jot, JotError, jsonErrors } from "@jot/elysia";

// A user "database", as the tutorial has it.
const users: Record<string, string> = { Nate: "you-will-never-guess" };
// The blocklist: jti of every token logged out (in memory, as in the tutorial).
const blocklist = new Set<string>();

/** The tutorial's app, its tokens signed with `secret` (`app.config["JWT_SECRET_KEY"]`). */
export function tutorialApp(secret: string | Uint8Array) {
  const auth = jot({
    secret,
    isRevoked: (claims) => blocklist.has(claims.jti), // token_in_blocklist_loader
  });

  return new Elysia()
    .use(auth)
    // JSON {error, msg} for what Elysia itself refuses too: unknown paths, other methods, bad bodies.
    .use(jsonErrors())
    .post("/login", async ({ body, createAccessToken }) => {
      const form = (body ?? {}) as Record<string, unknown>;
      const username = typeof form.username === "string" ? form.username : "";
      const password = typeof form.password === "string" ? form.password : "";
      if (!username) throw new JotError("missing_parameter", "Missing username parameter");
      if (!password) throw new JotError("missing_parameter", "Missing password parameter");
      if (users[username] === undefined || users[username] !== password) throw new JotError("bad_credentials");
      return { access_token: await createAccessToken(username) };
    })
    .get("/protected", ({ identity }) => ({ message: `Hello, ${identity}! This is a protected route.` }), { auth: true })
    .delete("/logout", ({ claims }) => {
      blocklist.add(claims.jti);
      return { msg: "Access token revoked" };
    }, { auth: true });
}

/**
 * `JWT_SECRET_KEY`. Without it, in development (`NODE_ENV` unset or `development`) a random key for
 * this process, with a warning: its tokens end when the process does. Anywhere else, no key is a
 * refusal to start: a secret written in a repository would let anyone who reads it sign tokens.
 */
function signingSecret(env: Record<string, string | undefined>): string | Uint8Array {
  if (env.JWT_SECRET_KEY) return env.JWT_SECRET_KEY;
  const environment = env.NODE_ENV || "development";
  if (environment !== "development") {
    throw new Error(`JWT_SECRET_KEY is required when NODE_ENV=${environment}: at least 32 random bytes, e.g. $(openssl rand -hex 32)`);
  }
  console.error("tutorial: warning: JWT_SECRET_KEY is not set; using a random key for this process (development only, its tokens end when it stops)");
  return crypto.getRandomValues(new Uint8Array(32));
}

if (import.meta.main) {
  let app: ReturnType<typeof tutorialApp>;
  try {
    app = tutorialApp(signingSecret(process.env));
  } catch (error) {
    // A configuration mistake: one line saying what to fix, not a stack trace.
    console.error(`tutorial: cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  app.listen(Number(process.env.PORT ?? 3000));
  console.log(`tutorial listening on http://localhost:${app.server!.port}`);
}
