/**
 * The limit under Elysia: the bare route's one HMAC-SHA256 check of the bearer token, served by an
 * Elysia route instead of a bare `Bun.serve` one, so the table shows what the framework jot is
 * built on costs by itself. Run as its own process with JWT_SECRET_KEY and PORT=0 set.
 */
import { Elysia } from "elysia";
import { hasValidHmac } from "./hmac-check.ts";

const secret = process.env.JWT_SECRET_KEY ?? "";

const app = new Elysia().get("/protected", ({ request, set }) => {
  if (!hasValidHmac(request.headers.get("authorization"), secret)) {
    set.status = 401;
    return { error: "invalid_token" };
  }
  return { message: "Hello! This is a protected route." };
});
app.listen({ port: Number(process.env.PORT ?? 0), hostname: "127.0.0.1" });
console.log(`listening on port ${app.server!.port}`);
