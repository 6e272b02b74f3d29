// The Flask-JWT-Extended tutorial's app, line for line, on jot(): `bun examples/tutorial/app.ts`.
import { Elysia } from "elysia";
import { jot, JotError, jsonErrors } from "@jot/server";

// A user "database", as the tutorial has it.
const users: Record<string, string> = { Nate: "you-will-never-guess" };
// The blocklist: jti of every token logged out (in memory, as in the tutorial).
const blocklist = new Set<string>();

const auth = jot({
  // JWT_SECRET_KEY; the fallback is for trying the tutorial out, never for a real deployment.
  secret: process.env.JWT_SECRET_KEY || "tutorial-development-secret-32-bytes",
  isRevoked: (claims) => blocklist.has(claims.jti), // token_in_blocklist_loader
});

export const app = new Elysia()
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

if (import.meta.main) {
  app.listen(Number(process.env.PORT ?? 3000));
  console.log(`tutorial listening on http://localhost:${app.server!.port}`);
}
