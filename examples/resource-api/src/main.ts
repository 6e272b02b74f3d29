// `bun run start` in this folder: the notes API on PORT (default 4000), accepting a jot server's
// tokens. The key: JWT_SECRET_KEY (the jot server's shared secret), or JWT_ALGORITHM with
// JWT_PUBLIC_KEY (PEM) or JOT_JWKS_URL (the jot server's /.well-known/jwks.json). Revocations:
// the jot server's REDIS_URL, else its postgres:// DATABASE_URL.
import { jot, type JotOptions } from "@jot/elysia";
import { openSharedRevocations } from "@jot/stores";
import { notesApi } from "./notes-api.ts";

function keyFromEnvironment(env: Record<string, string | undefined>): JotOptions["secret"] {
  if (env.JWT_SECRET_KEY) return env.JWT_SECRET_KEY;
  const algorithm = env.JWT_ALGORITHM as "RS256" | "ES256" | "EdDSA" | undefined;
  if (algorithm && env.JOT_JWKS_URL) return { algorithm, jwksUrl: env.JOT_JWKS_URL };
  if (algorithm && env.JWT_PUBLIC_KEY) return { algorithm, publicKey: env.JWT_PUBLIC_KEY.replaceAll("\\n", "\n") };
  throw new TypeError("set JWT_SECRET_KEY, or JWT_ALGORITHM with JWT_PUBLIC_KEY or JOT_JWKS_URL");
}

try {
  const { revocations } = await openSharedRevocations({
    redisUrl: process.env.REDIS_URL,
    redisKeyPrefix: process.env.REDIS_KEY_PREFIX,
    databaseUrl: process.env.DATABASE_URL,
  });
  const app = notesApi(jot({ secret: keyFromEnvironment(process.env), stores: { revocations } }));
  app.listen(Number(process.env.PORT ?? 4000));
  console.log(`notes API listening on http://localhost:${app.server!.port}`);
} catch (error) {
  console.error(`notes API: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
