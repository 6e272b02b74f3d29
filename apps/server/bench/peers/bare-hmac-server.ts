/**
 * The practical limit the guard is measured against: a bare `Bun.serve` route that does one
 * HMAC-SHA256 check of the bearer token and nothing else (no claims, no revocation, no framework).
 * Run as its own process with JWT_SECRET_KEY and PORT=0 set.
 */
import { hasValidHmac } from "./hmac-check.ts";

const secret = process.env.JWT_SECRET_KEY ?? "";
const body = JSON.stringify({ message: "Hello! This is a protected route." });

const server = Bun.serve({
  port: Number(process.env.PORT ?? 0),
  hostname: "127.0.0.1",
  routes: {
    "/protected": (request) => {
      if (!hasValidHmac(request.headers.get("authorization"), secret)) {
        return new Response('{"error":"invalid_token"}', { status: 401 });
      }
      return new Response(body, { headers: { "content-type": "application/json" } });
    },
  },
});
console.log(`listening on port ${server.port}`);
