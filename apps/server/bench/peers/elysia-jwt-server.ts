/**
 * The build a Bun user would otherwise write with Elysia: `@elysiajs/jwt` and `@elysiajs/bearer`
 * as their READMEs show them (the bearer plugin reads the token, `jwt.verify` checks it).
 * Run as its own process with JWT_SECRET_KEY and PORT=0 set.
 */
import { bearer } from "@elysiajs/bearer";
import { jwt } from "@elysiajs/jwt";
import { Elysia } from "elysia";

const app = new Elysia()
  .use(jwt({ name: "jwt", secret: process.env.JWT_SECRET_KEY ?? "" }))
  .use(bearer())
  .get("/protected", async ({ jwt, bearer, set }) => {
    const profile = await jwt.verify(bearer);
    if (!profile) {
      set.status = 401;
      return { error: "invalid_token" };
    }
    return { message: `Hello, ${String(profile.username)}! This is a protected route.` };
  })
  .listen({ port: Number(process.env.PORT ?? 0), hostname: "127.0.0.1" });
console.log(`listening on port ${app.server?.port}`);
