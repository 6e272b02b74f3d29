// What can be checked of the container recipe on a machine without a container runtime: the files
// parse, every variable compose.yaml gives jot is one jot reads and accepts, the proxy is the one
// jot trusts, and the image holds the executable alone and runs `jot serve` as its own user, checked
// with `jot health` (executable.test.ts runs both). Nothing here builds or runs an image.
import { describe, expect, test } from "bun:test";
import { join, relative, resolve } from "node:path";
import { sqliteDataDir } from "@jot/stores";
import { loadConfig } from "../src/config/load-config.ts";
import { clientAddress } from "../src/http/client-address.ts";
import { executablePath } from "../scripts/build-executable.ts";

const ROOT = join(import.meta.dir, "..", "..", "..");
const read = (file: string) => Bun.file(join(ROOT, file)).text();

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  networks?: string[] | Record<string, { ipv4_address?: string }>;
  volumes?: string[];
  healthcheck?: { test: string[] };
}
interface Compose {
  services: Record<string, Service>;
  networks: Record<string, { ipam: { config: { subnet: string }[] } }>;
}

/** compose.yaml with `${VAR:?message}` filled in, as `docker compose` would from the environment. */
async function compose(values: Record<string, string>): Promise<Compose> {
  const text = (await read("compose.yaml")).replace(/\$\{([A-Z_]+):\?[^}]*\}/g, (_, name: string) => {
    if (values[name] === undefined) throw new Error(`compose.yaml needs ${name}`);
    return values[name]!;
  });
  return Bun.YAML.parse(text) as Compose;
}
const SECRETS = { JWT_SECRET_KEY: "compose-test-secret-0123456789abcdef0123", MFA_ENCRYPTION_KEY: "compose-test-mfa-key-0123456789abcdef01", POSTGRES_PASSWORD: "pg-password", METRICS_TOKEN: "metrics-token-0123456789" };

describe("compose.yaml", () => {
  test("runs two jot instances from this image, Postgres, Redis with AOF on, and a proxy", async () => {
    const { services } = await compose(SECRETS);
    expect(Object.keys(services).sort()).toEqual(["jot-1", "jot-2", "postgres", "proxy", "redis"]);
    expect(services["jot-1"]!.build).toBe(".");
    expect(services["jot-2"]).toEqual(services["jot-1"]!);
    const redis = services.redis!.command!.join(" ");
    expect(redis).toContain("--appendonly yes");
    expect(services.redis!.volumes).toContain("redis-data:/data");
    expect(services.postgres!.volumes).toContain("postgres-data:/var/lib/postgresql/data");
  });

  test("every variable it gives jot is one jot reads, and together they are a production configuration jot accepts", async () => {
    const env = (await compose(SECRETS)).services["jot-1"]!.environment!;
    const read = new Set<string>();
    const watched = new Proxy(env, {
      get(target, name) {
        if (typeof name === "string") read.add(name);
        return Reflect.get(target, name);
      },
    });
    const config = loadConfig(watched);
    expect(Object.keys(env).filter((name) => !read.has(name))).toEqual([]);
    expect({ production: config.production, database: config.databaseUrl.split(":")[0], redis: config.redisUrl, metrics: config.metrics.enabled }).toEqual({
      production: true,
      database: "postgres",
      redis: "redis://redis:6379",
      metrics: true,
    });
  });

  test("jot believes X-Forwarded-For from the proxy's address only, and the proxy's address is on the backend network", async () => {
    const { services, networks } = await compose(SECRETS);
    const proxyAddress = (services.proxy!.networks as Record<string, { ipv4_address: string }>).backend!.ipv4_address;
    expect(networks.backend!.ipam.config[0]!.subnet).toBe("172.30.0.0/24");
    expect(proxyAddress).toStartWith("172.30.0.");
    const config = loadConfig(services["jot-1"]!.environment!);
    const through = (peer: string) =>
      clientAddress(new Request("http://jot/", { headers: { "x-forwarded-for": "203.0.113.7" } }), { requestIP: () => ({ address: peer }) } as never, config.throttle.trustedProxies);
    expect(through(proxyAddress)).toBe("203.0.113.7");
    expect(through("172.30.0.99")).toBe("172.30.0.99");
  });

  test("the proxy's configuration is the one compose.yaml mounts, and it keeps /metrics internal", async () => {
    const { services } = await compose(SECRETS);
    expect(services.proxy!.volumes).toContain("./deploy/Caddyfile:/etc/caddy/Caddyfile:ro");
    const caddyfile = await read("deploy/Caddyfile");
    expect(caddyfile).toContain("reverse_proxy jot-1:3000 jot-2:3000");
    expect(caddyfile).toMatch(/@metrics path \/metrics\s+respond @metrics 404/);
  });
});

/** One stage of the Dockerfile: its base image, its name, and its instructions (continuations joined). */
interface Stage {
  from: string;
  name?: string;
  instructions: string[];
}

async function dockerfileStages(): Promise<Stage[]> {
  const instructions = (await read("Dockerfile"))
    .replace(/\\\n\s*/g, "")
    .split("\n")
    .filter((line) => /^[A-Z]+ /.test(line));
  const stages: Stage[] = [];
  for (const line of instructions) {
    const from = /^FROM (\S+)(?: AS (\S+))?$/.exec(line);
    if (from) stages.push({ from: from[1]!, ...(from[2] === undefined ? {} : { name: from[2] }), instructions: [] });
    else stages.at(-1)!.instructions.push(line);
  }
  return stages;
}
/** The arguments of a stage's instructions of one kind: `of(stage, "RUN")`. */
const of = (stage: Stage, kind: string) => stage.instructions.filter((line) => line.startsWith(`${kind} `)).map((line) => line.slice(kind.length + 1));

describe("Dockerfile", () => {
  test("builds the executable with the repository's own build, in a stage on the pinned Bun image", async () => {
    const [build, runtime, ...more] = await dockerfileStages();
    expect(more).toEqual([]);
    expect(build).toMatchObject({ from: "oven/bun:1.4.4", name: "build" });
    expect(of(build!, "RUN")).toEqual(["bun install --frozen-lockfile && bun run build"]);
    const rootPackage = JSON.parse(await read("package.json")) as { scripts: Record<string, string> };
    expect(rootPackage.scripts.build).toBe("bun apps/server/scripts/build-executable.ts");
    // The runtime stage takes the file that script writes, from the build stage's working directory.
    const [workdir] = of(build!, "WORKDIR");
    expect(of(runtime!, "COPY")).toContain(`--from=build ${join(workdir!, relative(ROOT, executablePath()))} /usr/local/bin/jot`);
  });

  test("the image holds only the executable, on a Debian slim pinned by tag", async () => {
    const [, runtime] = await dockerfileStages();
    expect(runtime!.from).toBe("debian:bookworm-slim");
    expect(of(runtime!, "COPY")).toEqual(["--from=build /app/dist/jot /usr/local/bin/jot"]);
  });

  test("runs as a user of its own, who owns the working directory; the default database is in the data volume", async () => {
    const [, runtime] = await dockerfileStages();
    expect(of(runtime!, "USER")).toEqual(["jot"]);
    const [made] = of(runtime!, "RUN");
    expect(made).toMatch(/^useradd --system --user-group --uid \d+ --home-dir \/var\/lib\/jot [^&]* jot &&/);
    expect(made).toContain("chown -R jot:jot /var/lib/jot");
    const [workdir] = of(runtime!, "WORKDIR");
    expect(workdir).toBe("/var/lib/jot");
    // Where `jot serve` puts its database (and its admin socket) when DATABASE_URL is not set.
    const dataFolder = resolve(workdir!, sqliteDataDir(loadConfig({}).databaseUrl)!);
    expect(of(runtime!, "VOLUME")).toEqual([dataFolder]);
    expect(made).toContain(`mkdir -p ${dataFolder}`);
  });

  test("starts `jot serve` in production on the port jot listens on, and checks health with `jot health`", async () => {
    const [, runtime] = await dockerfileStages();
    const exec = (kind: string) => JSON.parse(of(runtime!, kind).at(-1)!.replace(/^(--\S+ )*CMD /, "")) as string[];
    expect(exec("CMD")).toEqual(["jot", "serve"]);
    expect(exec("HEALTHCHECK")).toEqual(["jot", "health"]);
    expect(of(runtime!, "ENV")).toEqual(["NODE_ENV=production"]);
    expect(of(runtime!, "EXPOSE")).toEqual([String(loadConfig({}).port)]);
    const readme = await read("README.md");
    const operating = readme.slice(readme.indexOf("## Operating jot"));
    const container = operating.slice(operating.indexOf("container recipe"), operating.indexOf("### What to back up"));
    expect(container).toContain("not been run");
    expect(container).toContain("`jot serve`");
    expect(container).toContain("`jot health`");
  });

  test("the build context leaves out secrets, local data, installed modules and executables built here", async () => {
    const ignored = (await read(".dockerignore")).split("\n");
    expect(ignored).toEqual(expect.arrayContaining([".env", "**/data", "**/node_modules", "**/dist", ".git"]));
  });
});
