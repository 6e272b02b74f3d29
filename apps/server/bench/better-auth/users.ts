import { Database } from "bun:sqlite";
import { join } from "node:path";
import { BETTER_AUTH_DATABASE_FILE, createBetterAuth, migrateBetterAuth, type BetterAuth } from "./auth.ts";

export const BETTER_AUTH_PASSWORD = "bench password 1";
const emailOf = (index: number) => `user${index}@bench.test`;

/** Credential files for the peer (one per line) and how they were made. */
export interface BetterAuthUsers {
  /** The folder holding its database, for the peer server to run in. */
  dataDir: string;
  /** Session tokens as its sign-up answers them (`set-auth-token`), and its JWTs, by set size. */
  sessions: { few: string; many: string };
  jwts: { few: string; many: string };
  /** `{"email","password"}` bodies of users signed up through its API. */
  logins: string;
  signedUp: number;
  signUpSeconds: number;
  inserted: number;
  insertSeconds: number;
  jwtSeconds: number;
  /** One credential of each kind, for the check that they behave alike. */
  samples: { signedUp: Credential; inserted?: Credential };
}

export interface Credential {
  email: string;
  session: string;
  jwt: string;
}

/** Sign-ups at once: its scrypt runs on the runtime's thread pool. */
const SIGN_UP_CONCURRENCY = 4;
/** JWTs asked for at once: its signing awaits WebCrypto, so a few at once go faster. */
const JWT_CONCURRENCY = 8;

/** `make(0)`…`make(count − 1)`, at most `concurrency` at once, answered in index order. */
async function inPool<T>(count: number, concurrency: number, make: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) results[index] = await make(index);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

/**
 * Makes `manyCount` better-auth users with a session each, in its database in `dataDir`:
 * `signUps` of them through `auth.api.signUpEmail` (its scrypt makes each cost a hash), the rest
 * written straight into its tables with the row shape of the first sign-up (a fresh id, email and
 * session token each, the same password hash). Every user's JWT comes from its `/token` endpoint
 * (`auth.api.getToken`). The bench checks a written user behaves as a signed-up one before timing.
 */
export async function makeBetterAuthUsers(options: { dataDir: string; secret: string; fewCount: number; manyCount: number; signUps: number }): Promise<BetterAuthUsers> {
  const { dataDir, secret, fewCount, manyCount } = options;
  const signUps = Math.max(1, Math.min(options.signUps, manyCount));
  const databaseFile = join(dataDir, BETTER_AUTH_DATABASE_FILE);
  const auth = createBetterAuth(databaseFile, secret);
  await migrateBetterAuth(auth);

  let started = performance.now();
  const signedUp = await inPool(signUps, SIGN_UP_CONCURRENCY, async (index) => {
    const { headers } = await auth.api.signUpEmail({ body: { email: emailOf(index), password: BETTER_AUTH_PASSWORD, name: `user${index}` }, returnHeaders: true });
    const token = headers.get("set-auth-token");
    if (!token) throw new Error("better-auth's sign-up answered no set-auth-token");
    return token;
  });
  const signUpSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  const sessions = signedUp.concat(insertUsers(databaseFile, secret, signUps, manyCount));
  const insertSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  const jwts = await inPool(sessions.length, JWT_CONCURRENCY, (index) => jwtOf(auth, sessions[index]!));
  const jwtSeconds = (performance.now() - started) / 1000;

  const files = {
    sessions: { few: join(dataDir, "sessions-few.txt"), many: join(dataDir, "sessions-many.txt") },
    jwts: { few: join(dataDir, "jwts-few.txt"), many: join(dataDir, "jwts-many.txt") },
    logins: join(dataDir, "logins.txt"),
  };
  const lines = (values: string[]) => `${values.join("\n")}\n`;
  await Bun.write(files.sessions.few, lines(sessions.slice(0, fewCount)));
  await Bun.write(files.sessions.many, lines(sessions));
  await Bun.write(files.jwts.few, lines(jwts.slice(0, fewCount)));
  await Bun.write(files.jwts.many, lines(jwts));
  await Bun.write(files.logins, lines(Array.from({ length: signUps }, (_, index) => JSON.stringify({ email: emailOf(index), password: BETTER_AUTH_PASSWORD }))));
  const sample = (index: number): Credential => ({ email: emailOf(index), session: sessions[index]!, jwt: jwts[index]! });
  return {
    dataDir,
    ...files,
    signedUp: signUps,
    signUpSeconds,
    inserted: manyCount - signUps,
    insertSeconds,
    jwtSeconds,
    samples: { signedUp: sample(0), inserted: manyCount > signUps ? sample(manyCount - 1) : undefined },
  };
}

/** Its JWT for a session, from its own `/token` endpoint, given the session as the bearer plugin takes it. */
async function jwtOf(auth: BetterAuth, session: string): Promise<string> {
  const { token } = await auth.api.getToken({ headers: new Headers({ authorization: `Bearer ${session}` }) });
  return token;
}

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/** An id as its `generateId` makes them: 32 letters and digits. */
function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let id = "";
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return id;
}

/** A session token signed as its cookies (and so `set-auth-token`) carry it: `token.base64(HMAC-SHA256)`. */
function signedSessionToken(token: string, secret: string): string {
  return `${token}.${new Bun.CryptoHasher("sha256", secret).update(token).digest("base64")}`;
}

type Row = Record<string, string | number | null>;

/**
 * Writes users `from`…`to − 1` into its `user`, `account` and `session` tables, each row a copy
 * of the first signed-up user's with its own ids, email, name and session token; answers their
 * signed session tokens.
 */
function insertUsers(databaseFile: string, secret: string, from: number, to: number): string[] {
  const db = new Database(databaseFile);
  try {
    const first = (table: string) => db.query(`select * from "${table}" order by "createdAt" limit 1`).get() as Row;
    const shape = { user: first("user"), account: first("account"), session: first("session") };
    const insert = (table: keyof typeof shape) => {
      const columns = Object.keys(shape[table]);
      const statement = db.prepare(`insert into "${table}" (${columns.map((column) => `"${column}"`).join(", ")}) values (${columns.map(() => "?").join(", ")})`);
      return (row: Row) => statement.run(...columns.map((column) => row[column] ?? null));
    };
    const [user, account, session] = [insert("user"), insert("account"), insert("session")];
    const tokens: string[] = [];
    db.transaction(() => {
      for (let index = from; index < to; index++) {
        const userId = randomId();
        const token = randomId();
        user({ ...shape.user, id: userId, email: emailOf(index), name: `user${index}` });
        account({ ...shape.account, id: randomId(), accountId: userId, userId });
        session({ ...shape.session, id: randomId(), token, userId });
        tokens.push(signedSessionToken(token, secret));
      }
    })();
    return tokens;
  } finally {
    db.close();
  }
}
