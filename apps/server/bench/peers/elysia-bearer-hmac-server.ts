/**
 * The limit under Elysia with `@elysiajs/bearer` reading the token: the Elysia route's one HMAC
 * check, given the token by the package's derive as its README shows. Beside the plain Elysia
 * route it shows what the package costs every request (its derive runs, and is awaited, on every
 * route of the app). Run as its own process with JWT_SECRET_KEY and PORT=0 set.
 */
import { bearer } from "@elysiajs/bearer";
import { Elysia } from "elysia";
import { hasValidTokenHmac } from "./hmac-check.ts";

const secret = process.env.JWT_SECRET_KEY ?? "";

const app = new Elysia().use(bearer()).get("/protected", ({ bearer: token, set }) => {
  if (token === undefined || !hasValidTokenHmac(token, secret)) {
    set.status = 401;
    return { error: "invalid_token" };
  }
  return { message: "Hello! This is a protected route." };
});
app.listen({ port: Number(process.env.PORT ?? 0), hostname: "127.0.0.1" });
console.log(`listening on port ${app.server!.port}`);
