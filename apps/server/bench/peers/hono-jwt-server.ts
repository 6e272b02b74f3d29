/**
 * The build a Bun user would otherwise write with Hono: the `hono/jwt` middleware as its
 * documentation shows it. Run as its own process with JWT_SECRET_KEY and PORT=0 set.
 */
import { Hono } from "hono";
import { jwt } from "hono/jwt";

const app = new Hono();
app.use("/protected", jwt({ secret: process.env.JWT_SECRET_KEY ?? "", alg: "HS256" }));
app.get("/protected", (c) => {
  const payload = c.get("jwtPayload") as { username?: string };
  return c.json({ message: `Hello, ${String(payload.username)}! This is a protected route.` });
});

const server = Bun.serve({ port: Number(process.env.PORT ?? 0), hostname: "127.0.0.1", fetch: app.fetch });
console.log(`listening on port ${server.port}`);
