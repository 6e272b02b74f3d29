// The tarballs `bun run package` writes, used the way an app outside the monorepo uses them: packed
// once, their files held to an allow-list, linted by publint and attw, then installed into two
// fresh `bun init` projects in a temp folder — one with `bun add`, one with `npm install` — where an
// Elysia app on @jot/elysia and @jot/stores is type-checked under the project's own tsconfig and run
// over HTTP, and an SDK client is compiled and run under Node and Bun against a real jot server.
// No registry holds @jot packages: each install takes them from the tarballs alone.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { collectOutput, pollUntil, spawnServer, type ServerProcess } from "@jot/testing";
import { buildPackages, PUBLISHED, type PackedPackages, type PublishedPackage } from "../package.ts";
import { ok, run } from "./commands.ts";
import { ELYSIA_APP, ELYSIA_TYPE_ERROR, EXPECTED_ANSWERS, exerciseApp } from "./elysia-app.ts";

const REPO_ROOT = join(import.meta.dir, "..", "..", "..");
const BIN = join(REPO_ROOT, "node_modules", ".bin");
const TSC = Bun.resolveSync("typescript/bin/tsc", REPO_ROOT);
const SDK_TYPE_TESTS = join(REPO_ROOT, "packages", "sdk", "test", "types", "client-types.ts");
const SLOW = 300_000;
const SECRET = "a-packed-app-secret-of-at-least-32-bytes";

type PackageName = keyof PackedPackages;
const NAMES = Object.keys(PUBLISHED) as PackageName[];

let work: string;
let packed: PackedPackages;
/** Fresh `bun init` projects, one installed with `bun add`, one with `npm install`. */
const projects = { bun: "", npm: "" };
let installs: Record<keyof typeof projects, string>;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "jot-packed-"));
  packed = await buildPackages(join(work, "tarballs"));
  const tarballs = NAMES.map((name) => packed[name]);

  projects.bun = join(work, "bun-app");
  projects.npm = join(work, "npm-app");
  mkdirSync(projects.bun);
  mkdirSync(projects.npm);
  ok(run(["bun", "init", "-y"], projects.bun), "bun init -y");
  // The npm project starts from the same package.json and tsconfig.json, before bun adds anything.
  for (const file of ["package.json", "tsconfig.json"]) copyFileSync(join(projects.bun, file), join(projects.npm, file));

  installs = {
    bun: ok(run(["bun", "add", ...tarballs], projects.bun), "bun add <tarballs>"),
    npm: ok(run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", ...tarballs], projects.npm), "npm install <tarballs>"),
  };
  for (const dir of Object.values(projects)) writeFileSync(join(dir, "index.ts"), ELYSIA_APP);
}, SLOW);

afterAll(() => {
  // Two projects' node_modules (TypeScript's native compiler among them): slow to remove on a busy disk.
  if (work) rmSync(work, { recursive: true, force: true });
}, SLOW);

function tarballFiles(tarball: string): string[] {
  return ok(run(["tar", "-tzf", tarball], work), "tar")
    .split("\n")
    .filter((line) => line !== "" && !line.endsWith("/"))
    .map((line) => line.replace(/^package\//, ""))
    .sort();
}

/** The source modules a package publishes declarations of: `src/**\/*.ts` less its exclusions, as `x.d.ts`. */
function declarationFiles(pkg: PublishedPackage): Set<string> {
  const excluded = pkg.excludeFromTypes.map((pattern) => new Bun.Glob(pattern.includes("*") || pattern.endsWith(".ts") ? pattern : `${pattern}/**`));
  const modules = [...new Bun.Glob("src/**/*.ts").scanSync(join(REPO_ROOT, pkg.dir))];
  return new Set(modules.filter((path) => !excluded.some((glob) => glob.match(path))).map((path) => path.replace(/^src\//, "").replace(/\.ts$/, ".d.ts")));
}

/** What a package's tarball may hold: its manifest and README, each entry's bundle, shared chunks, declarations of its modules. */
function allowed(pkg: PublishedPackage, file: string): boolean {
  if (file === "package.json" || file === "README.md") return true;
  if (Object.values(pkg.entries).some((entry) => file === entry.replace(/\.ts$/, ".js"))) return true;
  if (/^chunks\/[\w-]+\.js$/.test(file)) return true;
  return declarationFiles(pkg).has(file);
}

/** Nothing of this kind is ever published, whatever the allow-list says. */
const NEVER = /(\.test\.|(^|\/)test\/|bench|(^|\/)data\/|\.key$|\.pem$|\.sqlite|(^|\/)src\/|\.ts$(?<!\.d\.ts))/;

function installedManifest(project: string, name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(project, "node_modules", name, "package.json"), "utf8")) as Record<string, unknown>;
}

describe("the packed tarballs", () => {
  test("bun run package names one tarball per published package, jot-<name>-<version>.tgz", () => {
    expect(NAMES.map((name) => basename(packed[name]))).toEqual(["jot-shared-0.1.0.tgz", "jot-sdk-0.1.0.tgz", "jot-elysia-0.1.0.tgz", "jot-stores-0.1.0.tgz"]);
  });

  for (const name of NAMES) {
    test(`jot-${name} holds its bundle, declarations, README and manifest, and nothing else: no tests, benches, data, keys or sources`, () => {
      const pkg: PublishedPackage = PUBLISHED[name];
      const files = tarballFiles(packed[name]);

      expect(files.filter((file) => !allowed(pkg, file))).toEqual([]);
      expect(files.filter((file) => NEVER.test(file))).toEqual([]);
      for (const entry of Object.values(pkg.entries)) {
        expect(files).toContain(entry.replace(/\.ts$/, ".js"));
        expect(files).toContain(entry.replace(/\.ts$/, ".d.ts"));
      }
      // Every declaration the entries reach is there (tsc writes one per module it compiles).
      expect(files.filter((file) => file.endsWith(".d.ts")).sort()).toEqual([...declarationFiles(pkg)].sort());
    });
  }

  test("the allow-list refuses what must never be published", () => {
    const elysia: PublishedPackage = PUBLISHED.elysia;
    for (const file of ["plugin/jot.test.d.ts", "src/index.ts", "data/jwt-secret.key", "jot.sqlite", "bench/run.js", "test/craft-token.d.ts", "plugin/jot.ts"]) {
      expect({ file, allowed: allowed(elysia, file) && !NEVER.test(file) }).toEqual({ file, allowed: false });
    }
  });

  // Each linter is a process of its own reading a tarball: seconds on a busy two-core machine.
  const LINT_TIMEOUT_MS = 60_000;
  for (const name of NAMES) {
    test(`publint finds nothing to say about jot-${name}, suggestions included`, () => {
      const result = run([join(BIN, "publint"), "run", packed[name], "--strict", "--level", "suggestion"], work);
      expect({ exitCode: result.exitCode, output: result.stdout + result.stderr }).toMatchObject({ exitCode: 0, output: expect.stringContaining("All good!") });
    }, LINT_TIMEOUT_MS);

    test(`attw finds the types right for every entry of jot-${name}`, () => {
      // The packages are ESM only (`"type": "module"`, no `require` condition): a CommonJS `require`
      // of them resolving to ESM is what they are, which attw reports as cjs-resolves-to-esm.
      // Every other rule stays on.
      const result = run([join(BIN, "attw"), packed[name], "--no-emoji", "--no-color", "--format", "ascii", "--ignore-rules", "cjs-resolves-to-esm"], work);
      expect({ exitCode: result.exitCode, output: result.stdout + result.stderr }).toMatchObject({ exitCode: 0 });
    }, LINT_TIMEOUT_MS);
  }
});

describe("the fresh projects", () => {
  for (const manager of ["bun", "npm"] as const) {
    test(`${manager} installed every @jot package from the tarballs, at the packed version, with elysia beside it`, () => {
      const project = projects[manager];
      expect(installs[manager]).not.toContain("error");
      for (const name of NAMES) {
        const installed = installedManifest(project, `@jot/${name}`);
        const inTarball = JSON.parse(ok(run(["tar", "-xzOf", packed[name], "package/package.json"], work), "tar")) as Record<string, unknown>;
        expect(installed).toEqual(inTarball);
      }
      expect(installedManifest(project, "elysia").name).toBe("elysia");
    });
  }

  test("the published manifests point at built files and name the jot packages they need as exact peers, never workspace:", () => {
    const manifests = Object.fromEntries(NAMES.map((name) => [name, installedManifest(projects.bun, `@jot/${name}`)]));

    expect(manifests.elysia).toMatchObject({
      name: "@jot/elysia",
      type: "module",
      exports: {
        ".": { types: "./index.d.ts", default: "./index.js" },
        "./server": { types: "./server.d.ts", default: "./server.js" },
        "./package.json": "./package.json",
      },
      dependencies: { "@elysiajs/jwt": "1.4.2", "@simplewebauthn/server": "14.1.0", "@sinclair/typebox": "0.34.41", jose: "6.2.18" },
      peerDependencies: { elysia: "^1.4.30", "@jot/shared": "0.1.0" },
    });
    expect(manifests.stores).toMatchObject({
      exports: { ".": { default: "./index.js" }, "./conformance": { default: "./conformance.js" } },
      peerDependencies: { elysia: "^1.4.30", "@jot/elysia": "0.1.0" },
    });
    expect(manifests.sdk).toMatchObject({ dependencies: { "@simplewebauthn/browser": "14.0.0", ky: "2.1.0" }, peerDependencies: { "@jot/shared": "0.1.0" } });
    expect(manifests.shared).toMatchObject({ dependencies: { "@sinclair/typebox": "0.34.41" } });
    expect(manifests.stores).not.toHaveProperty("dependencies.@jot/elysia");
    expect(JSON.stringify(manifests)).not.toContain("workspace:");
    expect(JSON.stringify(manifests)).not.toContain("src/");
  });

  test("@jot/elysia's two entries share one module instance: JotError is one class", () => {
    const script = 'import { JotError as A } from "@jot/elysia"; import { JotError as B } from "@jot/elysia/server"; console.log(A === B);';
    expect(ok(run(["bun", "-e", script], projects.bun), "bun -e").trim()).toBe("true");
  });

  test("the SDK bundle needs only ky and @simplewebauthn/browser at run time: shared's values are inlined, TypeBox is not pulled in", () => {
    const bundle = readFileSync(join(projects.npm, "node_modules", "@jot", "sdk", "index.js"), "utf8");
    const imports = new Set([...bundle.matchAll(/^import\s[^;]*?from\s*"([^"]+)"/gm)].map((match) => match[1]));

    expect([...imports].sort()).toEqual(["@simplewebauthn/browser", "ky"]);
    expect(bundle).not.toContain("@sinclair/typebox");
    expect(bundle).toContain("token_expired");
  });

  test("the SDK's packed README installs the tarballs the package script writes, not a registry name", () => {
    const readme = readFileSync(join(projects.npm, "node_modules", "@jot", "sdk", "README.md"), "utf8");
    expect(readme).toContain(`bun add ./${basename(packed.shared)} ./${basename(packed.sdk)}`);
    expect(readme).toContain(`npm install ./${basename(packed.shared)} ./${basename(packed.sdk)}`);
    expect(readme).not.toMatch(/(npm install|bun add) @jot\//);
  });
});

describe("an Elysia app on the installed packages", () => {
  for (const manager of ["bun", "npm"] as const) {
    test(
      `type-checks under bun init's own tsconfig.json (${manager} install)`,
      () => {
        ok(run(["bun", "run", "typecheck"], projects[manager]), "bun run typecheck");
      },
      SLOW,
    );

    test(
      `runs on a loopback port: login, protected, optional, logout, revoked (${manager} install)`,
      async () => {
        const child = Bun.spawn(["bun", "index.ts"], {
          cwd: projects[manager],
          env: { ...process.env, JWT_SECRET_KEY: SECRET, NODE_ENV: "development" },
          stdin: "ignore",
          stdout: "pipe",
          stderr: "pipe",
        });
        const output = collectOutput(child);
        try {
          const up = await pollUntil(() => /listening (\S+)/.exec(output())?.[1], (url) => url !== undefined || child.exitCode !== null, { timeoutMs: 20_000, intervalMs: 50 });
          if (up.answer === undefined) throw new Error(`the app did not start:\n${output()}`);
          expect(await exerciseApp(up.answer)).toEqual(EXPECTED_ANSWERS);
        } finally {
          child.kill();
          await child.exited;
        }
      },
      SLOW,
    );
  }

  test(
    "a type error against the installed types is reported (the check is real)",
    () => {
      const broken = join(projects.bun, "broken.ts");
      writeFileSync(broken, ELYSIA_TYPE_ERROR);
      try {
        const result = run(["bun", "run", "typecheck"], projects.bun);
        expect(result.exitCode).not.toBe(0);
        expect(result.stdout + result.stderr).toContain("broken.ts");
        expect(result.stdout + result.stderr).toContain("not assignable to parameter of type 'string'");
      } finally {
        rmSync(broken);
      }
    },
    SLOW,
  );

  // bun init's tsconfig skips library checks, so a declaration naming a global the project lacks
  // (the DOM's, with `lib: ["ESNext"]`) would go unseen there: this compiles ours with them on.
  test(
    "the installed @jot declarations name no global beyond bun init's (lib ESNext, bun's types), checked with skipLibCheck off",
    () => {
      const result = run([join(projects.bun, "node_modules", ".bin", "tsc"), "--noEmit", "-p", "tsconfig.json", "--skipLibCheck", "false"], projects.bun);
      const ours = (result.stdout + result.stderr)
        .split("\n")
        .filter((line) => line.startsWith("node_modules/@jot/"))
        .map((line) => line.replace(/\(\d+,\d+\)/, ""));
      expect(ours).toEqual([]);
    },
    SLOW,
  );
});

// What an app outside the monorepo writes with the SDK: it imports only "@jot/sdk".
const SDK_CLIENT = `
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
const signedIn = await auth.login({ username, password });
// A new account has no second factor: the login answers the session itself.
if ("mfa_required" in signedIn) throw new Error("the login waits for a second factor");
const session: AuthSession = signedIn;
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

describe("an SDK client on the npm-installed packages", () => {
  const NODE_VERSION = ok(run(["node", "--version"], tmpdir()), "node --version").trim();
  let client: string;
  let server: ServerProcess;

  beforeAll(async () => {
    // A Node service and a browser app beside the Elysia app, on the same installed packages.
    client = join(work, "sdk-client");
    mkdirSync(join(client, "src"), { recursive: true });
    symlinkSync(join(projects.npm, "node_modules"), join(client, "node_modules"));
    writeFileSync(join(client, "package.json"), JSON.stringify({ name: "sdk-client", private: true, type: "module" }));
    const strict = { strict: true, skipLibCheck: false, target: "ES2022", lib: ["ES2022", "DOM", "ESNext.Disposable"], types: [] };
    writeFileSync(
      join(client, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { ...strict, module: "NodeNext", moduleResolution: "NodeNext", outDir: "dist" }, include: ["src"] }),
    );
    writeFileSync(
      join(client, "tsconfig.bundler.json"),
      JSON.stringify({ compilerOptions: { ...strict, module: "ESNext", moduleResolution: "Bundler", noEmit: true }, include: ["src"] }),
    );
    writeFileSync(join(client, "src", "main.ts"), SDK_CLIENT);
    copyFileSync(SDK_TYPE_TESTS, join(client, "src", "client-types.ts"));
    server = await spawnServer({});
  }, SLOW);

  afterAll(async () => {
    await server?.stop();
  }, SLOW);

  // Compiling the client (tsc emits dist/) is slow on a small machine: done once, by whichever test needs it first.
  let compiled: string | undefined;
  const compileClient = () => (compiled ??= ok(run(["bun", TSC, "-p", "tsconfig.json"], client), "tsc (nodenext)"));

  test(
    "type-checks with tsc under nodenext and bundler resolution, the SDK's type tests included",
    () => {
      compileClient();
      ok(run(["bun", TSC, "-p", "tsconfig.bundler.json"], client), "tsc (bundler)");
    },
    SLOW,
  );

  test(
    "a type error against the published types is reported (the check is real)",
    () => {
      writeFileSync(join(client, "src", "broken.ts"), 'import { createAuthClient } from "@jot/sdk";\nconst roles: number[] = createAuthClient({ baseUrl: "x" }).session!.claims.roles;\n');
      try {
        const result = run(["bun", TSC, "-p", "tsconfig.json", "--noEmit"], client);
        expect(result.exitCode).not.toBe(0);
        expect(result.stdout).toContain("src/broken.ts");
        expect(result.stdout).toContain("Type 'string[]' is not assignable to type 'number[]'");
      } finally {
        rmSync(join(client, "src", "broken.ts"));
      }
    },
    SLOW,
  );

  for (const runtime of ["node", "bun"] as const) {
    test(
      `runs under ${runtime === "node" ? `Node ${NODE_VERSION}` : `Bun ${Bun.version}`}: register, login, protected call, me, refresh, logout against a real jot server`,
      () => {
        compileClient();
        const username = `consumer-${runtime}-${crypto.randomUUID().slice(0, 8)}`;
        const output = ok(run([runtime, "dist/main.js", server.url, username], client), `${runtime} dist/main.js`);
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
