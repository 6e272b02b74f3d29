/**
 * better-auth as its documentation sets it up for this bench: email and password, the `bearer()`
 * plugin (session tokens in an Authorization header), the `jwt()` plugin (EdDSA JWTs and their
 * JWKS), on a `bun:sqlite` file, migrated by its own `getMigrations`. The bench's minting and the
 * peer server build it from here, so both see the same configuration and database.
 */
import { Database } from "bun:sqlite";
import { betterAuth } from "better-auth";
import { getMigrations } from "better-auth/db/migration";
import { bearer, jwt } from "better-auth/plugins";

/** Issuer and audience of its JWTs (it uses the base URL for both); no request is sent there. */
export const BETTER_AUTH_BASE_URL = "http://127.0.0.1:3000";
/** Its database, in the folder the peer server runs in. */
export const BETTER_AUTH_DATABASE_FILE = "better-auth.sqlite";
/** Outlives any run, as jot's minted tokens do (its default is 15 minutes). */
const JWT_LIFETIME = "6h";

/**
 * `setJwtHeader`: its jwt plugin signs a JWT into a `set-auth-jwt` header on every get-session,
 * `auth.api.getSession` included, unless `disableSettingJwtHeader` is set (an option its
 * documentation gives); the bench measures the session check both ways.
 */
export function createBetterAuth(databaseFile: string, secret: string, { setJwtHeader = true } = {}) {
  return betterAuth({
    baseURL: BETTER_AUTH_BASE_URL,
    secret,
    database: new Database(databaseFile),
    emailAndPassword: { enabled: true },
    // Its rate limiter, on by default in production, would measure throttling of one loopback
    // address instead of the work of a login; jot's limits are lifted alike in these rows.
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    plugins: [bearer(), jwt({ jwt: { expirationTime: JWT_LIFETIME }, disableSettingJwtHeader: !setJwtHeader })],
  });
}

export type BetterAuth = ReturnType<typeof createBetterAuth>;

/** Creates or updates its tables, as its programmatic migration API does. */
export async function migrateBetterAuth(auth: BetterAuth): Promise<void> {
  const { runMigrations } = await getMigrations(auth.options);
  await runMigrations();
}
