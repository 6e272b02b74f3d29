import { afterAll, describe, expect, test } from "bun:test";
import { craftToken } from "@jot/testing";
import { documentOf, misfit, type OpenApiDocument } from "../../test/openapi-document.ts";
import { createTestApp, registerAndLogin, TEST_SECRET, type TestApp } from "../../test/test-app.ts";
import { createPasswordHasher } from "../users/password-hasher.ts";

// Every documented operation of the server is driven with bad input, tokens of every kind and
// stores that fail, and every answer must be one the document gives for that operation: a
// documented status, and a body fitting its schema, the error code in that status's enum.

const MAX_BODY_BYTES = 2048;
/** Body fields of every route, each given a value of the wrong type by one probe. */
const FIELDS = ["username", "password", "roles", "token", "expect", "refresh_token", "access_token", "current_password", "new_password"];
const PASSWORD = "probe password one";

/** A user who has logged in once: the session, and its refresh token where the login body carries one. */
interface LoggedIn {
  username: string;
  password: string;
  sessionId: string;
  refresh: string | undefined;
}

/** What every probe of one app needs: the app, its document, and a user who has logged in. */
interface Bench {
  t: TestApp;
  doc: OpenApiDocument;
  user: LoggedIn;
  /** The codes answered, and every answer that does not fit the document. */
  seen: Set<string>;
  misfits: string[];
}

interface TokenShape {
  type?: "access" | "refresh";
  roles?: string[];
  fresh?: boolean;
  /** `iat`, `nbf` and `exp` in seconds from now. */
  times?: { iat: number; nbf: number; exp: number };
  secret?: string;
  csrf?: string;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}${++counter}${crypto.randomUUID().slice(0, 8)}`;

/** A token of any shape for this app's key, for a subject of its own: no probe's logout reaches another's token. */
function craft(t: TestApp, shape: TokenShape = {}): { token: string; jti: string; exp: number } {
  const now = Math.floor(t.clock() / 1000);
  const type = shape.type ?? "access";
  const times = shape.times ?? { iat: 0, nbf: 0, exp: 600 };
  const claims = {
    jti: crypto.randomUUID(),
    sub: crypto.randomUUID(),
    iat: now + times.iat,
    nbf: now + times.nbf,
    exp: now + times.exp,
    sid: crypto.randomUUID(),
    username: "probe",
    roles: shape.roles ?? [],
    type,
    ...(type === "access" ? { fresh: shape.fresh ?? false } : {}),
    ...(shape.csrf === undefined ? {} : { csrf: shape.csrf }),
  };
  return { token: craftToken({ alg: "HS256", typ: "JWT" }, claims, shape.secret ?? TEST_SECRET), jti: claims.jti, exp: claims.exp };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The credentials a request can carry, each made afresh for each request. */
const CREDENTIALS: Record<string, (t: TestApp) => Promise<Record<string, string>>> = {
  "no credentials": async () => ({}),
  "a Basic header": async () => ({ authorization: "Basic dXNlcjpwYXNz" }),
  "a token that is not a JWT": async () => bearer("not-a-token"),
  "a token signed with another key": async (t) => bearer(craft(t, { secret: "another-key-of-exactly-32-bytes!" }).token),
  "an expired token": async (t) => bearer(craft(t, { times: { iat: -1000, nbf: -1000, exp: -10 } }).token),
  "a token not yet valid": async (t) => bearer(craft(t, { times: { iat: 0, nbf: 1000, exp: 2000 } }).token),
  "a refresh token": async (t) => bearer(craft(t, { type: "refresh" }).token),
  "a user's token": async (t) => bearer(craft(t, { roles: ["user"] }).token),
  "a user's fresh token": async (t) => bearer(craft(t, { roles: ["user"], fresh: true }).token),
  "an admin's token": async (t) => bearer(craft(t, { roles: ["admin"] }).token),
  "an admin's fresh token": async (t) => bearer(craft(t, { roles: ["admin"], fresh: true }).token),
  "a revoked admin's token": async (t) => {
    const { token, jti, exp } = craft(t, { roles: ["admin"], fresh: true });
    await t.stores.revocations.revokeToken(jti, exp);
    return bearer(token);
  },
};

/** The token that gets furthest into an operation: a refresh token for refreshing, an admin's for the admin API. */
function strongest(t: TestApp, path: string, shape: TokenShape = {}): string {
  if (path === "/auth/refresh") return craft(t, { ...shape, type: "refresh" }).token;
  return craft(t, { ...shape, roles: path.startsWith("/admin/") ? ["admin"] : ["user"], fresh: true }).token;
}

/** A request body that each operation accepts as well formed. */
function wellFormedBody(bench: Bench, path: string): unknown {
  switch (path) {
    case "/auth/register":
      return { username: unique("probe"), password: PASSWORD };
    case "/auth/login":
      return { username: bench.user.username, password: bench.user.password };
    case "/auth/password":
      return { current_password: PASSWORD, new_password: "probe password two" };
    case "/auth/logout":
    case "/auth/refresh":
      return { refresh_token: "not-a-token" };
    case "/admin/users":
      return { username: unique("probe"), password: PASSWORD, roles: ["editor"] };
    case "/admin/tokens/inspect":
      return { token: craft(bench.t).token };
    default:
      return {};
  }
}

type Body = { headers?: Record<string, string>; body?: BodyInit };
const jsonBody = (value: unknown): Body => ({ headers: { "content-type": "application/json" }, body: typeof value === "string" ? value : JSON.stringify(value) });

/** Bodies of every kind a client can send. */
const BODIES: Record<string, (bench: Bench, path: string) => Body> = {
  "no body": () => ({}),
  "malformed JSON": () => jsonBody("{bad"),
  "a text body": () => ({ headers: { "content-type": "text/plain" }, body: "hello" }),
  "an oversized body": () => jsonBody({ padding: "x".repeat(MAX_BODY_BYTES) }),
  "an empty object": () => jsonBody({}),
  "an array": () => jsonBody([1, 2]),
  "fields of the wrong type": () => jsonBody(Object.fromEntries(FIELDS.map((field) => [field, 5]))),
  "a multipart form with a file": () => {
    const form = new FormData();
    form.set("username", "probe");
    form.set("password", new File(["secret"], "password.txt"));
    return { body: form };
  },
  "a urlencoded form": () => ({ headers: { "content-type": "application/x-www-form-urlencoded" }, body: "username=probe&password=probe+password" }),
  "a well-formed body": (bench, path) => jsonBody(wellFormedBody(bench, path)),
};

/** The documented operations, each with concrete paths: parameters known to the app, and each one unknown or malformed. */
async function operationsOf(bench: Bench): Promise<{ method: string; path: string; urls: string[] }[]> {
  const operations = [];
  for (const [path, methods] of Object.entries(bench.doc.paths)) {
    for (const method of Object.keys(methods)) {
      // A user of its own for each operation, so one that deletes or disables leaves the others theirs.
      const owner = await bench.t.stores.users.create({ username: unique("owner"), passwordHash: "never-checked", roles: ["editor"] });
      const known: Record<string, string> = { user: owner!.username, role: "editor", id: bench.user.sessionId };
      const others: Record<string, string[]> = { user: ["nobody-at-all"], role: ["not a role"], id: ["0190a4e2-0000-7000-8000-000000000000", "not-a-session"] };
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
      const fill = (values: Record<string, string>) => path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name]!));
      const urls = [fill(known), ...names.flatMap((name) => (others[name] ?? []).map((value) => fill({ ...known, [name]: value })))];
      operations.push({ method: method.toUpperCase(), path, urls });
    }
  }
  return operations;
}

/** Sends one request and records whether its answer fits the document. A GET carries no body, so bodies are not sent with one. */
async function probe(bench: Bench, label: string, method: string, path: string, url: string, headers: Record<string, string>, body: Body = {}) {
  if (method === "GET" && body.body !== undefined) return;
  const response = await bench.t.request(url, { method, headers: { ...headers, ...body.headers }, ...(body.body === undefined ? {} : { body: body.body }) });
  const text = await response.text();
  let parsed: unknown = text;
  if ((response.headers.get("content-type") ?? "").startsWith("application/json")) parsed = JSON.parse(text);
  const code = (parsed as { error?: unknown } | null)?.error;
  if (response.status >= 400 && typeof code === "string") bench.seen.add(code);
  const wrong = misfit(bench.doc, method, path, response.status, parsed);
  if (wrong !== undefined) bench.misfits.push(`${wrong} [${label}: ${url}]`);
}

const benches: TestApp[] = [];
afterAll(async () => {
  for (const t of benches) await t.close();
});

const passwordHash = createPasswordHasher().hash(PASSWORD);

/** A user made in the store (registration may be closed), logged in once. */
async function logIn(t: TestApp): Promise<LoggedIn> {
  const user = await t.stores.users.create({ username: unique("user"), passwordHash: await passwordHash, roles: ["user"] });
  const login = await t.request("/auth/login", { method: "POST", json: { username: user!.username, password: PASSWORD } });
  const [session] = await t.stores.sessions.listLive(user!.id, t.clock() / 1000);
  const refresh = ((await login.json()) as { refresh_token?: string }).refresh_token;
  return { username: user!.username, password: PASSWORD, sessionId: session!.id, refresh };
}

async function bench(env: Record<string, string> = {}): Promise<Bench> {
  const t = await createTestApp({ MAX_BODY_BYTES: String(MAX_BODY_BYTES), ...env });
  benches.push(t);
  return { t, doc: await documentOf(t), user: await logIn(t), seen: new Set(), misfits: [] };
}

describe("every code an operation answers is in its documented enum", () => {
  test(
    "with bearer tokens: every kind of credential, every kind of body, parameters unknown and malformed",
    async () => {
      const b = await bench();
      // A disabled account: its password is right, its login refused.
      const disabled = await registerAndLogin(b.t, unique("disabled"), PASSWORD);
      const admin = bearer(craft(b.t, { roles: ["admin"], fresh: true }).token);
      expect((await b.t.request(`/admin/users/${disabled.username}/disable`, { method: "POST", headers: admin })).status).toBe(200);

      for (const { method, path, urls } of await operationsOf(b)) {
        for (const [label, credential] of Object.entries(CREDENTIALS)) await probe(b, label, method, path, urls[0]!, await credential(b.t));
        for (const [label, body] of Object.entries(BODIES)) await probe(b, label, method, path, urls[0]!, bearer(strongest(b.t, path)), body(b, path));
        for (const url of urls.slice(1)) await probe(b, "a parameter unknown or malformed", method, path, url, bearer(strongest(b.t, path)));
      }
      await probe(b, "a disabled account's login", "POST", "/auth/login", "/auth/login", {}, jsonBody({ username: disabled.username, password: PASSWORD }));
      await probe(b, "a taken username", "POST", "/auth/register", "/auth/register", {}, jsonBody({ username: b.user.username, password: PASSWORD }));
      // Crafted tokens name no stored user (user_not_found): a real user's shows a wrong current password.
      const changer = await registerAndLogin(b.t, unique("changer"), PASSWORD);
      await probe(b, "a wrong current password", "PUT", "/auth/password", "/auth/password", bearer(changer.access), jsonBody({ current_password: "not the password", new_password: "probe password two" }));
      const refresh = (await logIn(b.t)).refresh!;
      await probe(b, "a real refresh token", "POST", "/auth/refresh", "/auth/refresh", bearer(refresh));
      await probe(b, "a real refresh token again", "POST", "/auth/refresh", "/auth/refresh", bearer(refresh));

      expect(b.misfits).toEqual([]);
      expect([...b.seen].sort()).toEqual(
        expect.arrayContaining([
          "account_disabled",
          "bad_credentials",
          "insufficient_scope",
          "invalid_header",
          "invalid_request",
          "invalid_token",
          "missing_parameter",
          "missing_token",
          "not_found",
          "payload_too_large",
          "token_expired",
          "token_not_yet_valid",
          "token_revoked",
          "user_not_found",
          "username_taken",
          "wrong_token_type",
          "fresh_token_required",
        ]),
      );
    },
    120_000,
  );

  test(
    "with cookie transport: a missing or wrong CSRF value, a foreign origin, a cross-site request",
    async () => {
      const b = await bench({ JWT_TOKEN_LOCATION: "cookies", JWT_COOKIE_SECURE: "false" });
      for (const { method, path, urls } of await operationsOf(b)) {
        const cookie = (csrf: string) => {
          const name = path === "/auth/refresh" ? "refresh_token_cookie" : "access_token_cookie";
          return { cookie: `${name}=${strongest(b.t, path, { csrf })}` };
        };
        const variants: Record<string, Record<string, string>> = {
          "no credentials": {},
          "a cookie without its CSRF value": cookie("csrf-one"),
          "a cookie with another CSRF value": { ...cookie("csrf-one"), "x-csrf-token": "csrf-two" },
          "a cookie with its CSRF value": { ...cookie("csrf-one"), "x-csrf-token": "csrf-one" },
          "a foreign origin": { ...cookie("csrf-one"), "x-csrf-token": "csrf-one", origin: "https://elsewhere.example" },
          "a cross-site request": { ...cookie("csrf-one"), "x-csrf-token": "csrf-one", "sec-fetch-site": "cross-site" },
        };
        for (const [label, headers] of Object.entries(variants)) await probe(b, label, method, path, urls[0]!, headers, BODIES["a well-formed body"]!(b, path));
      }
      expect(b.misfits).toEqual([]);
      expect([...b.seen]).toEqual(expect.arrayContaining(["csrf_failed", "origin_refused", "missing_token"]));
    },
    120_000,
  );

  test(
    "with tokens in the query and in JSON bodies, and registration closed",
    async () => {
      const b = await bench({ JWT_TOKEN_LOCATION: "headers,json,query_string", AUTH_REGISTRATION: "closed" });
      for (const { method, path, urls } of await operationsOf(b)) {
        await probe(b, "a query token that is not a JWT", method, path, `${urls[0]!}?jwt=not-a-token`, {});
        await probe(b, "JSON token fields of the wrong type", method, path, urls[0]!, {}, jsonBody({ access_token: 5, refresh_token: 5 }));
        const field = path === "/auth/refresh" ? "refresh_token" : "access_token";
        await probe(b, "a JSON token", method, path, urls[0]!, {}, jsonBody({ ...(wellFormedBody(b, path) as object), [field]: strongest(b.t, path) }));
      }
      expect(b.misfits).toEqual([]);
      expect([...b.seen]).toEqual(expect.arrayContaining(["invalid_request", "invalid_token", "registration_closed"]));
    },
    120_000,
  );

  test(
    "with every store down",
    async () => {
      const b = await bench();
      const operations = await operationsOf(b);
      await b.t.close();
      for (const { method, path, urls } of operations) {
        await probe(b, "the stores down", method, path, urls[0]!, bearer(strongest(b.t, path)), BODIES["a well-formed body"]!(b, path));
      }
      expect(b.misfits).toEqual([]);
      expect([...b.seen]).toContain("store_unavailable");
    },
    120_000,
  );

  test(
    "with every attempt throttled after the first",
    async () => {
      const b = await bench({
        LOGIN_MAX_FAILURES_PER_ADDRESS: "1",
        LOGIN_MAX_PER_ADDRESS: "1",
        REFRESH_MAX_FAILURES_PER_ADDRESS: "1",
        REGISTER_MAX_PER_ADDRESS: "1",
      });
      for (const { method, path, urls } of await operationsOf(b)) {
        for (const attempt of ["first", "second", "third"]) {
          await probe(b, `the ${attempt} attempt`, method, path, urls[0]!, bearer(strongest(b.t, path)), BODIES["a well-formed body"]!(b, path));
        }
      }
      expect(b.misfits).toEqual([]);
      expect([...b.seen]).toContain("rate_limited");
    },
    120_000,
  );
});
