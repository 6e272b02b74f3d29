/**
 * The limit the guard is measured against: the least a correct verifier of jot's tokens does, on a
 * bare `Bun.serve` route. The bearer token's HMAC-SHA256 (the key set up once, as jot does), then
 * `JSON.parse` of its payload and the `exp` and `nbf` checks; no claim types, no revocation, no
 * framework. Run as its own process with JWT_SECRET_KEY and PORT=0 set.
 */
import { timingSafeEqual } from "node:crypto";

const keyed = new Bun.CryptoHasher("sha256", process.env.JWT_SECRET_KEY ?? "");
const body = JSON.stringify({ message: "Hello! This is a protected route." });
const refused = () => new Response('{"error":"invalid_token"}', { status: 401 });

/** The payload of a token whose signature verifies and whose time has come and not passed, else undefined. */
function verify(token: string): { exp: number; nbf: number } | undefined {
  const first = token.indexOf(".");
  const second = token.indexOf(".", first + 1);
  if (first < 0 || second < 0) return undefined;
  const expected = Buffer.from(keyed.copy().update(token.slice(0, second)).digest("base64url" as "base64"));
  const given = Buffer.from(token.slice(second + 1));
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  let payload: { exp?: unknown; nbf?: unknown };
  try {
    payload = JSON.parse(Buffer.from(token.slice(first + 1, second), "base64url").toString());
  } catch {
    return undefined;
  }
  const now = Date.now() / 1000;
  if (typeof payload.exp !== "number" || !(now < payload.exp)) return undefined;
  if (typeof payload.nbf !== "number" || payload.nbf > now) return undefined;
  return payload as { exp: number; nbf: number };
}

const server = Bun.serve({
  port: Number(process.env.PORT ?? 0),
  hostname: "127.0.0.1",
  routes: {
    "/protected": (request) => {
      const authorization = request.headers.get("authorization") ?? "";
      if (!authorization.startsWith("Bearer ") || !verify(authorization.slice(7))) return refused();
      return new Response(body, { headers: { "content-type": "application/json" } });
    },
  },
});
console.log(`listening on port ${server.port}`);
