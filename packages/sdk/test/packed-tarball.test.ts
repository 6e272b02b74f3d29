// The packed tarballs, installed the way an app outside the monorepo would install them: built and
// packed with scripts/package.ts, installed with npm into a fresh project in a temp folder (ky and
// TypeBox come from the npm registry), type-checked there with tsc, and run under Node and under
// Bun against a real jot server.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { spawnServer, type ServerProcess } from "@jot/testing";
import { buildPackages, type PackedPackages } from "../scripts/package.ts";

const TSC = Bun.resolveSync("typescript/bin/tsc", import.meta.dir);
const TYPE_TESTS = join(import.meta.dir, "types", "client-types.ts");
const SLOW = 180_000;

let work: string;
let project: string;
let packed: PackedPackages;
let server: ServerProcess;

interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
}

function run(command: string[], cwd: string): Run {
  const result = Bun.spawnSync(command, {
    cwd,
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" },
  });
  return { exitCode: result.exitCode, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

function ok(result: Run, what: string): string {
  if (result.exitCode !== 0) throw new Error(`${what} exited ${result.exitCode}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

const NODE_VERSION = ok(run(["node", "--version"], tmpdir()), "node --version").trim();

// What an app outside the monorepo writes: it imports only "@jot/sdk".
const CONSUMER_MAIN = `
import { createAuthClient, isAuthError, memoryStorage, type AuthSession, type ProtectedResponse } from "@jot/sdk";

declare const process: { argv: string[] };
const [baseUrl = "", username = ""] = process.argv.slice(2);
const password = "correct horse battery staple";
const runtime = typeof (globalThis as { Bun?: unknown }).Bun === "undefined" ? "node" : "bun";

const auth = createAuthClient({ baseUrl, storage: memoryStorage() });
const events: string[] = [];
auth.onChange((event) => events.push(event));

const codeOf = (error: unknown) => (isAuthError(error) ? { code: error.code, status: error.status } : String(error));

await auth.register({ username, password });
const wrongPassword = await auth.login({ username, password: "not the password" }).then(() => "signed in", codeOf);
const session: AuthSession = await auth.login({ username, password });
const roles: string[] = session.claims.roles;
const first = await auth.api.get("protected").json<ProtectedResponse>();
const me = await auth.me();
const renewed = await auth.refresh();
const second = await auth.api.get("protected").json<ProtectedResponse>();
await auth.logout();
const afterLogout = await auth.api.get("protected").json().then(() => "answered", codeOf);
auth.close();

console.log(JSON.stringify({
  runtime,
  wrongPassword,
  claims: { username: session.claims.username, roles, type: session.claims.type, fresh: session.claims.fresh },
  first: first.message,
  me: { username: me.user.username, roles: me.user.roles },
  renewed: { differs: renewed.access_token !== session.access_token, fresh: renewed.claims.fresh },
  second: second.message,
  afterLogout,
  events,
  session: auth.session,
}));
`;

function writeProject(dir: string): void {
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify(
      {
        name: "jot-consumer",
        private: true,
        type: "module",
        // @jot/shared is listed only because it is not on a registry: npm would otherwise fetch it for @jot/sdk.
        dependencies: { "@jot/sdk": `file:${packed.sdk}`, "@jot/shared": `file:${packed.shared}` },
      },
      null,
      2,
    ),
  );
  const strict = { strict: true, skipLibCheck: false, target: "ES2022", lib: ["ES2022", "DOM", "ESNext.Disposable"], types: [] };
  // A Node or Bun service…
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { ...strict, module: "NodeNext", moduleResolution: "NodeNext", outDir: "dist" }, include: ["src"] }),
  );
  // …and a browser app going through a bundler.
  writeFileSync(
    join(dir, "tsconfig.bundler.json"),
    JSON.stringify({ compilerOptions: { ...strict, module: "ESNext", moduleResolution: "Bundler", noEmit: true }, include: ["src"] }),
  );
  writeFileSync(join(dir, "src", "main.ts"), CONSUMER_MAIN);
  copyFileSync(TYPE_TESTS, join(dir, "src", "client-types.ts"));
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "jot-packed-"));
  packed = await buildPackages(join(work, "tarballs"));
  project = join(work, "consumer");
  writeProject(project);
  ok(run(["npm", "install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], project), "npm install");
  server = await spawnServer({});
}, SLOW);

afterAll(async () => {
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

// Compiling the consumer (tsc emits dist/) is slow on a small machine: done once, by whichever test needs it first.
let compiled: string | undefined;
function compileConsumer(): string {
  compiled ??= ok(run(["bun", TSC, "-p", "tsconfig.json"], project), "tsc (nodenext)");
  return compiled;
}

function tarballFiles(tarball: string): string[] {
  return ok(run(["tar", "-tzf", tarball], work), "tar")
    .split("\n")
    .filter((line) => line !== "" && !line.endsWith("/"))
    .map((line) => line.replace(/^package\//, ""))
    .sort();
}

function installedManifest(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(project, "node_modules", name, "package.json"), "utf8")) as Record<string, unknown>;
}

describe("the packed tarballs", () => {
  test("@jot/sdk holds the ESM bundle, one .d.ts per module, its README and package.json, and nothing else", () => {
    expect(tarballFiles(packed.sdk)).toEqual([
      "README.md",
      "api-client.d.ts",
      "auth-error.d.ts",
      "contract-types.d.ts",
      "create-auth-client.d.ts",
      "csrf-cookie.d.ts",
      "events.d.ts",
      "index.d.ts",
      "index.js",
      "package.json",
      "refresh-lock.d.ts",
      "refresh-timer.d.ts",
      "refresh.d.ts",
      "session-store.d.ts",
      "session.d.ts",
      "storage/local-storage.d.ts",
      "storage/memory-storage.d.ts",
      "storage/storage.d.ts",
      "to-auth-error.d.ts",
    ]);
  });

  test("the packed README installs the two tarballs the package script writes, not a registry name", () => {
    const readme = readFileSync(join(project, "node_modules", "@jot", "sdk", "README.md"), "utf8");
    expect(readme).toContain(`npm install ./${basename(packed.shared)} ./${basename(packed.sdk)}`);
    expect(readme).not.toMatch(/npm install @jot\//);
    expect(readme).toContain(`"type": "module"`);
  });

  test("@jot/shared holds its bundle, its .d.ts files and package.json", () => {
    expect(tarballFiles(packed.shared)).toEqual([
      "admin.d.ts",
      "claims.d.ts",
      "error-codes.d.ts",
      "index.d.ts",
      "index.js",
      "package.json",
      "password-rule.d.ts",
      "requests.d.ts",
      "responses.d.ts",
      "routes.d.ts",
      "user-id.d.ts",
    ]);
  });

  test("the published manifests point at built files and name real versions, never workspace:", () => {
    const sdk = installedManifest("@jot/sdk");
    const shared = installedManifest("@jot/shared");

    expect(sdk).toMatchObject({
      name: "@jot/sdk",
      type: "module",
      exports: { ".": { types: "./index.d.ts", default: "./index.js" }, "./package.json": "./package.json" },
      dependencies: { "@jot/shared": "0.1.0", ky: "2.1.0" },
    });
    expect(shared).toMatchObject({
      name: "@jot/shared",
      exports: { ".": { types: "./index.d.ts", default: "./index.js" } },
      dependencies: { "@sinclair/typebox": "0.34.41" },
    });
    expect(JSON.stringify([sdk, shared])).not.toContain("workspace:");
    expect(JSON.stringify([sdk, shared])).not.toContain("src/");
  });

  test("the SDK bundle needs only ky at run time: shared's values are inlined, TypeBox is not pulled in", () => {
    const bundle = readFileSync(join(project, "node_modules", "@jot", "sdk", "index.js"), "utf8");
    const imports = new Set([...bundle.matchAll(/^import\s[^;]*?from\s*"([^"]+)"/gm)].map((match) => match[1]));

    expect([...imports]).toEqual(["ky"]);
    expect(bundle).not.toContain("@sinclair/typebox");
    expect(bundle).toContain("token_expired");
  });
});

describe("a fresh project using the tarballs", () => {
  test(
    "type-checks with tsc under nodenext and bundler resolution, type tests included",
    () => {
      compileConsumer();
      ok(run(["bun", TSC, "-p", "tsconfig.bundler.json"], project), "tsc (bundler)");
    },
    SLOW,
  );

  test(
    "a type error against the published types is reported (the check is real)",
    () => {
      writeFileSync(join(project, "src", "broken.ts"), 'import { createAuthClient } from "@jot/sdk";\nconst roles: number[] = createAuthClient({ baseUrl: "x" }).session!.claims.roles;\n');
      try {
        const result = run(["bun", TSC, "-p", "tsconfig.json", "--noEmit"], project);
        expect(result.exitCode).not.toBe(0);
        expect(result.stdout).toContain("src/broken.ts");
        expect(result.stdout).toContain("Type 'string[]' is not assignable to type 'number[]'");
      } finally {
        rmSync(join(project, "src", "broken.ts"));
      }
    },
    SLOW,
  );

  for (const runtime of ["node", "bun"] as const) {
    test(
      `runs under ${runtime === "node" ? `Node ${NODE_VERSION}` : `Bun ${Bun.version}`}: register, login, protected call, me, refresh, logout against a real jot server`,
      () => {
        compileConsumer();
        const username = `consumer-${runtime}-${crypto.randomUUID().slice(0, 8)}`;
        const output = ok(run([runtime, "dist/main.js", server.url, username], project), `${runtime} dist/main.js`);
        const result = JSON.parse(output.trim().split("\n").at(-1) ?? "") as Record<string, unknown>;
        const hello = `Hello, ${username}! This is a protected route.`;

        expect(result).toEqual({
          runtime,
          wrongPassword: { code: "bad_credentials", status: 401 },
          claims: { username, roles: ["user"], type: "access", fresh: true },
          first: hello,
          me: { username, roles: ["user"] },
          renewed: { differs: true, fresh: false },
          second: hello,
          afterLogout: { code: "missing_token", status: 401 },
          events: ["login", "refresh", "logout"],
          session: null,
        });
      },
      SLOW,
    );
  }
});
