/**
 * The practical limit the guard is measured against: a bare `Bun.serve` route that does one
 * HMAC-SHA256 check of the bearer token and nothing else (no claims, no revocation, no framework).
 * Run as its own process with JWT_SECRET_KEY and PORT=0 set.
 */
import { timingSafeEqual } from "node:crypto";

const secret = process.env.JWT_SECRET_KEY ?? "";
const body = JSON.stringify({ message: "Hello! This is a protected route." });

const server = Bun.serve({
  port: Number(process.env.PORT ?? 0),
  hostname: "127.0.0.1",
  routes: {
    "/protected": (request) => {
      const token = (request.headers.get("authorization") ?? "").slice(7);
      const dot = token.lastIndexOf(".");
      const hasher = new Bun.CryptoHasher("sha256", secret);
      hasher.update(token.slice(0, dot));
      const expected = Buffer.from(hasher.digest("base64url" as "base64"));
      const given = Buffer.from(token.slice(dot + 1));
      if (dot < 0 || expected.length !== given.length || !timingSafeEqual(expected, given)) {
        return new Response('{"error":"invalid_token"}', { status: 401 });
      }
      return new Response(body, { headers: { "content-type": "application/json" } });
    },
  },
});
console.log(`listening on port ${server.port}`);
