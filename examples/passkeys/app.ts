// Passkey sign-in on an app's own routes, with jot(): `bun examples/passkeys/app.ts`.
import { join } from "node:path";
import { Elysia, t } from "elysia";
import { jot, JotError, jsonErrors, type LoginAnswer, MemoryChallengeStore, MemoryPasskeyStore, PASSKEY_AMR, passkeyCeremony, type RegistrationAnswer } from "@jot/elysia";

const PAGE = join(import.meta.dir, "page");

// What the routes accept: the ceremony checks a credential's fields, these only its shape.
const Username = t.String({ minLength: 1, maxLength: 64 });
const Credential = t.Object({ id: t.String(), response: t.Object({}, { additionalProperties: true }) }, { additionalProperties: true });
const Answer = t.Object({ challenge_id: t.String(), response: Credential });

/** The page's script, `page/page.ts` with `@simplewebauthn/browser`, bundled once at start. */
async function pageScript(): Promise<string> {
  const built = await Bun.build({ entrypoints: [join(PAGE, "page.ts")], target: "browser", format: "esm", minify: true });
  if (!built.success) throw new AggregateError(built.logs, "bundling page/page.ts failed");
  return built.outputs[0]!.text();
}

/**
 * The app: sign up with a username, register a passkey, sign in with it. `origin` is where the
 * page is opened (`http://localhost:3000`); its host name is the passkeys' relying party ID.
 */
export async function passkeysApp({ secret, origin }: { secret: string | Uint8Array; origin: string }) {
  const auth = jot({ secret });
  const passkeys = passkeyCeremony({
    relyingParty: { id: new URL(origin).hostname, name: "jot passkeys example", origins: [origin] },
    passkeys: new MemoryPasskeyStore(),
    challenges: new MemoryChallengeStore(),
  });
  // The users, in memory: id → username, and username → id.
  const usernames = new Map<string, string>();
  const ids = new Map<string, string>();
  const userOf = (id: string) => {
    const username = usernames.get(id);
    if (username === undefined) throw new JotError("user_not_found");
    return { id, username };
  };
  const script = await pageScript();

  return new Elysia()
    .use(auth)
    .use(jsonErrors())
    .get("/", () => Bun.file(join(PAGE, "index.html")))
    .get("/page.js", () => new Response(script, { headers: { "content-type": "text/javascript; charset=utf-8" } }))
    // A username is all it takes here: the passkey registered next is the only credential.
    .post("/signup", async ({ body: { username }, createAccessToken }) => {
      if (ids.has(username)) throw new JotError("username_taken");
      const id = crypto.randomUUID();
      usernames.set(id, username);
      ids.set(username, id);
      return { access_token: await createAccessToken(id, { fresh: true }) };
    }, { body: t.Object({ username: Username }) })
    .post("/passkeys/register/options", ({ identity }) => passkeys.registrationOptions(userOf(identity)), { auth: true })
    .post("/passkeys/register/verify", async ({ identity, body }) => {
      const passkey = await passkeys.verifyRegistration(userOf(identity), body as RegistrationAnswer);
      return { id: passkey.id, name: passkey.name };
    }, { auth: true, body: Answer })
    // With a username, its passkeys; without one (or an unknown one), whatever the authenticator holds.
    .post("/passkeys/login/options", ({ body: { username } }) => passkeys.loginOptions((username && ids.get(username)) || null), {
      body: t.Object({ username: t.Optional(t.String({ maxLength: 64 })) }),
    })
    .post("/passkeys/login/verify", async ({ body, createAccessToken }) => {
      const { userId } = await passkeys.verifyLogin(body as LoginAnswer);
      return { access_token: await createAccessToken(userId, { fresh: true, additionalClaims: { amr: PASSKEY_AMR } }) };
    }, { body: Answer })
    .get("/me", ({ identity, claims }) => ({ ...userOf(identity), amr: claims.amr ?? null }), { auth: true });
}

/** `JWT_SECRET_KEY`; without it, in development only, a random key for this process. */
function signingSecret(env: Record<string, string | undefined>): string | Uint8Array {
  if (env.JWT_SECRET_KEY) return env.JWT_SECRET_KEY;
  const environment = env.NODE_ENV || "development";
  if (environment !== "development") throw new Error(`JWT_SECRET_KEY is required when NODE_ENV=${environment}`);
  console.error("passkeys: warning: JWT_SECRET_KEY is not set; using a random key for this process (development only)");
  return crypto.getRandomValues(new Uint8Array(32));
}

if (import.meta.main) {
  const port = Number(process.env.PORT ?? 3000);
  // Browsers take `localhost` as a relying party ID, never an IP address: open the page by that name.
  const origin = process.env.ORIGIN ?? `http://localhost:${port}`;
  let app: Awaited<ReturnType<typeof passkeysApp>>;
  try {
    app = await passkeysApp({ secret: signingSecret(process.env), origin });
  } catch (error) {
    console.error(`passkeys: cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  app.listen({ hostname: "127.0.0.1", port });
  console.log(`passkeys example on ${origin}`);
}
