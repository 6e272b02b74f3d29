/**
 * The limit under Elysia: the bare route's one HMAC-SHA256 check of the bearer token, served by an
 * Elysia route instead of a bare `Bun.serve` one, so the table shows what the framework jot is
 * built on costs by itself. Run as its own process with JWT_SECRET_KEY and PORT=0 set.
 */
import { Elysia } from "elysia";
import { timingSafeEqual } from "node:crypto";

const secret = process.env.JWT_SECRET_KEY ?? "";

const app = new Elysia().get("/protected", ({ request, set }) => {
  const token = (request.headers.get("authorization") ?? "").slice(7);
  const dot = token.lastIndexOf(".");
  const hasher = new Bun.CryptoHasher("sha256", secret);
  hasher.update(token.slice(0, dot));
  const expected = Buffer.from(hasher.digest("base64url" as "base64"));
  const given = Buffer.from(token.slice(dot + 1));
  if (dot < 0 || expected.length !== given.length || !timingSafeEqual(expected, given)) {
    set.status = 401;
    return { error: "invalid_token" };
  }
  return { message: "Hello! This is a protected route." };
});
app.listen({ port: Number(process.env.PORT ?? 0), hostname: "127.0.0.1" });
console.log(`listening on port ${app.server!.port}`);
