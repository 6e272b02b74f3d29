import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { createApp, createPasswordHasher, loadConfig, openStores, systemClock, type Stores } from "@jot/server";

const HERE = join(import.meta.dir, "..");
const README = join(HERE, "..", "..", "README.md");

let stores: Stores;
let server: { port: number; stop(): Promise<unknown> };
beforeAll(async () => {
  const config = loadConfig({ JWT_SECRET_KEY: "sdk-quickstart-test-secret-32-bytes", DATABASE_URL: "sqlite://:memory:" });
  stores = await openStores(config, systemClock);
  const app = createApp(config, { clock: systemClock, passwords: createPasswordHasher(), audit: () => undefined, ...stores });
  app.listen({ port: 0, hostname: "127.0.0.1" });
  server = { port: app.server!.port!, stop: () => app.stop() };
});
afterAll(async () => {
  await server.stop();
  await stores.close();
});

/** `bun run start` in this workspace, as the README tells, against the test's jot. */
async function runQuickstart(username: string) {
  const child = Bun.spawn(["bun", "run", "--silent", "start"], {
    cwd: HERE,
    env: { ...process.env, JOT_URL: `http://127.0.0.1:${server.port}`, JOT_USERNAME: username },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { code, stdout, stderr };
}

describe("the SDK quickstart", () => {
  test("runs from its workspace: registers, logs in, calls the protected route, logs out; and again for a known user", async () => {
    const username = `quickstart-${crypto.randomUUID().slice(0, 8)}`;
    for (let run = 0; run < 2; run++) {
      const { code, stdout, stderr } = await runQuickstart(username);
      expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
      const [greeting, event, ...rest] = stdout.trimEnd().split("\n");
      expect(greeting).toMatch(new RegExp(`^Hello, ${username}! This is a protected route\\. roles: user$`));
      expect({ event, rest }).toEqual({ event: "logout", rest: [] });
    }
  });

  test("is the SDK example the README shows", async () => {
    const readme = await Bun.file(README).text();
    const source = await Bun.file(join(HERE, "src", "quickstart.ts")).text();
    // A boolean, so a mismatch does not print the whole README.
    expect(readme.includes("```ts\n" + source + "```\n")).toBe(true);
  });
});
