// What can be checked of the container recipe on a machine without a container runtime: the files
// parse, every variable compose.yaml gives jot is one jot reads and accepts, the proxy is the one
// jot trusts, and the image starts jot the way the README does. Nothing here builds or runs an image.
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { loadConfig } from "../src/config/load-config.ts";
import { clientAddress } from "../src/http/client-address.ts";

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

describe("Dockerfile", () => {
  test("builds on the official Bun image, runs as a user of its own, checks /health, and starts jot as the README says", async () => {
    const dockerfile = await read("Dockerfile");
    const instructions = dockerfile.split("\n").filter((line) => /^[A-Z]+ /.test(line));
    expect(instructions[0]).toBe("FROM oven/bun:1.4.4");
    expect(instructions.filter((line) => line.startsWith("USER "))).toEqual(["USER bun"]);
    expect(dockerfile).toMatch(/HEALTHCHECK [^\n]*\\\n\s+CMD \["bun", "-e", "fetch\(`http:\/\/127\.0\.0\.1:\$\{process\.env\.PORT \|\| 3000\}\/health`\)/);
    const start = instructions.find((line) => line.startsWith("CMD "))!;
    const command = (JSON.parse(start.slice(4)) as string[]).join(" ");
    expect(command).toBe("bun run start");
    const readme = await read("README.md");
    const operating = readme.slice(readme.indexOf("## Operating jot"));
    expect(operating).toContain(`\n${command}\n`);
    expect(operating).toContain("not been run");
  });

  test("the build context leaves out secrets, local data and installed modules", async () => {
    const ignored = (await read(".dockerignore")).split("\n");
    expect(ignored).toEqual(expect.arrayContaining([".env", "**/data", "**/node_modules", ".git"]));
  });
});
