import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configuredKey } from "../config/token-options.ts";
import { loadConfig } from "../config/load-config.ts";
import { jotCommand } from "../../test/run-jot.ts";
import { createTestApp, TEST_SECRET } from "../../test/test-app.ts";
import { openStores, type Stores } from "../stores.ts";
import { COMMANDS } from "./commands.ts";
import { progressLine } from "./progress-bar.ts";

const dir = mkdtempSync(join(tmpdir(), "jot-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { DATABASE_URL: `sqlite://${dir}/jot.sqlite`, JWT_SECRET_KEY: TEST_SECRET };
const jot = jotCommand(env);

describe("the admin command line", () => {
  test("every command has --help: its usage on stdout, exit 0, nothing opened", async () => {
    for (const command of COMMANDS) {
      const args = command.name === "" ? [command.group, "--help"] : [command.group, command.name, "--help"];
      const run = await jot(args);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
      expect(run.stdout).toStartWith(`usage: bun run jot ${args.slice(0, -1).join(" ")}`);
      expect(run.stdout).toContain(command.summary);
    }
    const overview = await jot(["--help"]);
    expect(overview.code).toBe(0);
    for (const command of COMMANDS) expect(overview.stdout).toContain(command.summary);
  });

  test("a wrong command line exits 2 with a one-line reason and the usage on stderr, never a stack trace", async () => {
    const cases: Array<[string[], string]> = [
      [[], "jot: a command is needed"],
      [["frobnicate"], 'jot: unknown command "frobnicate"'],
      [["users", "lst"], 'jot: unknown command "users lst"'],
      [["users", "list", "--bogus"], "jot: Unknown option '--bogus'"],
      [["users", "show"], "jot: missing arguments"],
      [["users", "show", "a", "b"], "jot: too many arguments"],
      [["users", "add", "carol"], "jot: --password-stdin is required"],
      [["keys", "generate", "--algorithm", "none", "--out", dir], "jot: --algorithm must be one of HS256, HS384, HS512, RS256, ES256, EdDSA"],
      [["tokens", "inspect", "x.y.z", "--expect", "id"], "jot: --expect must be access or refresh"],
    ];
    for (const [args, reason] of cases) {
      const run = await jot(args);
      expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code: 2, stdout: "" });
      expect(run.stderr).toStartWith(reason);
      expect(run.stderr).toContain("usage: bun run jot");
      expect(run.stderr).not.toContain("    at ");
    }
  });

  test("values the stores refuse are usage errors too: a short password, a bad role name", async () => {
    const short = await jot(["users", "add", "dave", "--password-stdin"], { stdin: "short\n" });
    expect(short.code).toBe(2);
    expect(short.stderr).toStartWith("jot: password");
    const role = await jot(["users", "add", "dave", "--password-stdin", "--role", "a b"], { stdin: "long enough password" });
    expect(role.code).toBe(2);
    expect(role.stderr).toStartWith('jot: "a b" is not a role name');
  });

  test("a failure exits 1 with one line: an unknown user, a bad configuration", async () => {
    const unknown = await jot(["users", "show", "nobody"]);
    expect(unknown).toMatchObject({ code: 1, stdout: "", stderr: 'jot: not_found: No user named "nobody"\n' });
    const badConfig = await jotCommand({ ...env, JWT_ALGORITHM: "HS1024" })(["users", "list"]);
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toStartWith("jot: JWT_ALGORITHM:");
    expect(badConfig.stderr.trim().split("\n")).toHaveLength(1);
  });

  test("on a production database, commands that end or remove something need --yes; reading does not", async () => {
    const production = jotCommand({ ...env, NODE_ENV: "production", AUTH_REGISTRATION: "open", JWT_SECRET_KEY: "p".repeat(40) });
    expect((await production(["users", "add", "erin", "--password-stdin"], { stdin: "erin's password" })).code).toBe(0);
    for (const args of [["users", "disable", "erin"], ["users", "delete", "erin"], ["sessions", "end-all", "erin"], ["roles", "revoke", "erin", "x"], ["revocations", "prune"], ["migrate"]]) {
      const refused = await production(args);
      expect({ args, code: refused.code }).toEqual({ args, code: 2 });
      expect(refused.stderr).toContain("changes a production database (NODE_ENV=production): run it again with --yes");
    }
    expect((await production(["users", "show", "erin", "--json"])).json<{ user: { disabled_at: null } }>().user.disabled_at).toBeNull();
    const confirmed = await production(["users", "disable", "erin", "--yes", "--json"]);
    expect(confirmed.code).toBe(0);
    expect(confirmed.json<{ user: { disabled_at: string } }>().user.disabled_at).toEqual(expect.any(String));
  });

  test("--json prints one JSON document a script can read", async () => {
    await jot(["users", "add", "frank", "--password-stdin", "--role", "editor", "--role", "editor"], { stdin: "frank's password\n" });
    const run = await jot(["users", "list", "--json"]);
    expect(run.code).toBe(0);
    const { users } = run.json<{ users: Array<{ id: string; username: string; roles: string[]; disabled_at: null }> }>();
    expect(users.find((user) => user.username === "frank")).toEqual({ id: expect.any(String), username: "frank", roles: ["editor"], disabled_at: null });
    expect(JSON.stringify(users)).not.toContain("argon2");
  });

  test("the password piped to users add is the one that logs in: a trailing newline is dropped, nothing else", async () => {
    await jot(["users", "add", "grace", "--password-stdin"], { stdin: "  spaced password \n" });
    const { openStores } = await import("../stores.ts");
    // The command has closed the file: the test may open it.
    const stores = await openStores(loadConfig(env), Date.now);
    try {
      const user = await stores.users.findByUsername("grace");
      expect(await Bun.password.verify("  spaced password ", user!.passwordHash)).toBe(true);
    } finally {
      await stores.close();
    }
  });
});

/** Puts rows in the command's database while no command holds it. */
async function withStores<T>(work: (stores: Stores) => Promise<T>): Promise<T> {
  const stores = await openStores(loadConfig(env), Date.now);
  try {
    return await work(stores);
  } finally {
    await stores.close();
  }
}

describe("an id names the account with that id", () => {
  test("users add refuses a username shaped like an id, in any spelling: exit 2, nothing created", async () => {
    const id = crypto.randomUUID();
    for (const username of [id, id.toUpperCase(), id.replaceAll("-", "")]) {
      const run = await jot(["users", "add", username, "--password-stdin"], { stdin: "long enough password" });
      expect({ username, code: run.code, stdout: run.stdout }).toEqual({ username, code: 2, stdout: "" });
      expect(run.stderr).toStartWith("jot: username must not be shaped like a user id (32 hexadecimal digits, as in a UUID)\n");
    }
    expect(await withStores((stores) => stores.users.findByUsername(id))).toBeUndefined();
  });

  test("users disable and roles grant by id hit the account with that id, never a decoy whose username is that id", async () => {
    // The decoy is put in the store directly, as an old database could hold it.
    const { victim, decoy } = await withStores(async (stores) => {
      const victim = (await stores.users.create({ username: "cli_victim", passwordHash: "x", roles: [] }))!;
      const decoy = (await stores.users.create({ username: victim.id, passwordHash: "x", roles: [] }))!;
      return { victim, decoy };
    });
    const disabled = await jot(["users", "disable", victim.id, "--json"]);
    expect(disabled.code).toBe(0);
    expect(disabled.json<{ user: { id: string } }>().user.id).toBe(victim.id);
    expect((await jot(["roles", "grant", victim.id.toUpperCase(), "admin"])).code).toBe(0);
    const [victimNow, decoyNow] = await withStores(async (stores) => [await stores.users.findById(victim.id), await stores.users.findById(decoy.id)]);
    expect(victimNow).toMatchObject({ roles: ["admin"], disabledAt: expect.any(Number) });
    expect(decoyNow).toMatchObject({ username: victim.id, roles: [], disabledAt: null });
  });
});

describe("what the command prints", () => {
  test("a user agent with control characters is printed escaped, in text and in --json, never sent to the terminal", async () => {
    const agent = "curl\x1b]0;owned\x07\x1b[2J\x9b31m\x7f";
    const t = await createTestApp({ DATABASE_URL: env.DATABASE_URL });
    try {
      t.clock.set(Date.now()); // the command lists sessions live by the system clock
      await t.request("/auth/register", { method: "POST", json: { username: "cli_agent", password: "long enough password" } });
      const login = await t.request("/auth/login", { method: "POST", json: { username: "cli_agent", password: "long enough password" }, headers: { "user-agent": agent } });
      expect(login.status).toBe(200);
    } finally {
      await t.close();
    }
    const unsafe = /[\p{Cc}\p{Cf}]/u;
    const escaped = "curl\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\x7f";
    for (const args of [["sessions", "list", "cli_agent"], ["users", "show", "cli_agent"]]) {
      const run = await jot(args);
      expect({ args, code: run.code }).toEqual({ args, code: 0 });
      expect(run.stdout).toContain(escaped);
      for (const line of run.stdout.split("\n")) expect({ args, line, unsafe: unsafe.test(line) }).toEqual({ args, line, unsafe: false });
    }
    const json = await jot(["sessions", "list", "cli_agent", "--json"]);
    expect(json.stdout.replaceAll("\n", "")).not.toMatch(unsafe);
    expect(json.json<{ sessions: Array<{ user_agent: string }> }>().sessions[0]!.user_agent).toBe(agent);
  });

  test("a token's header and claims are printed escaped: whoever made the token chose them", async () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const token = `${part({ alg: "HS256", typ: "JWT\u202e" })}.${part({ sub: "x\x1b[2J\x9b", type: "access" })}.${"A".repeat(43)}`;
    const run = await jot(["tokens", "inspect", token]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('"typ": "JWT\\u202e"');
    expect(run.stdout).toContain('"sub": "x\\u001b[2J\\u009b"');
    expect(run.stdout.replaceAll("\n", "")).not.toMatch(/[\p{Cc}\p{Cf}]/u);
  });
});

describe("keys", () => {
  test("keys generate writes a PEM pair the server accepts, the private file 0600, and prints no key", async () => {
    for (const algorithm of ["RS256", "ES256", "EdDSA"]) {
      const out = join(dir, `keys-${algorithm}`);
      const run = await jot(["keys", "generate", "--algorithm", algorithm, "--out", out, "--json"]);
      expect(run.code).toBe(0);
      const answer = run.json<{ kid: string; files: { private_key: string; public_key: string } }>();
      expect(statSync(answer.files.private_key).mode & 0o777).toBe(0o600);
      expect(statSync(answer.files.public_key).mode & 0o777).toBe(0o644);
      expect(run.stdout).not.toContain("PRIVATE KEY");
      const config = loadConfig({ JWT_ALGORITHM: algorithm, JWT_PRIVATE_KEY: readFileSync(answer.files.private_key, "utf8"), JWT_PUBLIC_KEY: readFileSync(answer.files.public_key, "utf8") });
      expect(config.jwt.signingKey?.kid).toBe(answer.kid);
    }
  });

  test("keys generate makes an HS256 secret of 32 random bytes, 0600, shown only with --reveal, and never overwrites a key", async () => {
    const out = join(dir, "keys-hs");
    const hidden = await jot(["keys", "generate", "--algorithm", "HS256", "--out", out]);
    expect(hidden.code).toBe(0);
    const file = join(out, "jwt-secret.key");
    const secret = readFileSync(file, "utf8");
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(hidden.stdout).not.toContain(secret);
    expect(loadConfig({ NODE_ENV: "production", AUTH_REGISTRATION: "open", JWT_SECRET_KEY: secret }).jwt.secret).toBeDefined();

    const again = await jot(["keys", "generate", "--algorithm", "HS256", "--out", out, "--reveal"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already exists");
    expect(readFileSync(file, "utf8")).toBe(secret);

    const revealed = await jot(["keys", "generate", "--algorithm", "HS512", "--out", join(dir, "keys-hs512"), "--reveal", "--json"]);
    expect(revealed.json<{ secret: string }>().secret).toMatch(/^[0-9a-f]{128}$/);
  });

  test("keys show tells algorithm, kid and JWKS entry, and the secret only with --reveal", async () => {
    // The kid the server's own key has (a shared secret may be named too, never published).
    const kid = configuredKey(loadConfig(env)).kid ?? null;
    const shown = await jot(["keys", "show", "--json"]);
    expect(shown.json()).toEqual({ algorithm: "HS256", kid, jwk: null });
    expect(shown.stdout).not.toContain(TEST_SECRET);
    expect((await jot(["keys", "show"])).stdout).toContain("secret: hidden (--reveal shows it)");
    expect((await jot(["keys", "show", "--reveal", "--json"])).json()).toEqual({ algorithm: "HS256", kid, jwk: null, secret: TEST_SECRET });

    const out = join(dir, "keys-show");
    const made = (await jot(["keys", "generate", "--algorithm", "ES256", "--out", out, "--json"])).json<{ kid: string }>();
    const pair = { JWT_ALGORITHM: "ES256", JWT_PRIVATE_KEY: readFileSync(join(out, "jwt-private.pem"), "utf8"), JWT_PUBLIC_KEY: readFileSync(join(out, "jwt-public.pem"), "utf8") };
    const asymmetric = await jotCommand({ DATABASE_URL: env.DATABASE_URL, ...pair })(["keys", "show", "--json", "--reveal"]);
    expect(asymmetric.json()).toEqual({ algorithm: "ES256", kid: made.kid, jwk: { kty: "EC", crv: "P-256", x: expect.any(String), y: expect.any(String), kid: made.kid, alg: "ES256", use: "sig" } });
    expect(asymmetric.stdout).not.toContain("PRIVATE");
  });
});

describe("the progress bar", () => {
  test("draws the share done, and a total of nothing as done", () => {
    expect(progressLine(0, 200)).toBe(`[${".".repeat(30)}]   0% 0/200`);
    expect(progressLine(100, 200)).toBe(`[${"#".repeat(15)}${".".repeat(15)}]  50% 100/200`);
    expect(progressLine(0, 0)).toBe(`[${"#".repeat(30)}] 100% 0/0`);
  });
});
