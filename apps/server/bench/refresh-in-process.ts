/**
 * `bun bench/refresh-in-process.ts`: refresh rotations per second through the real app in process
 * (`app.handle`, no network), on a SQLite file and on a throwaway Postgres database, one chain at a
 * time and 16 chains at once (each chain presenting the token its last refresh answered). Also the
 * time spent in each SQL statement of a rotation. `BENCH_SECONDS` (default 3) per figure,
 * `BENCH_STORES=sqlite,postgres`. Figures only; nothing is asserted.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPostgresDatabase } from "@jot/testing";
import { systemClock } from "@jot/elysia/server";
import { createApp } from "../src/app.ts";
import { loadConfig } from "../src/config/load-config.ts";
import { openStores } from "../src/stores.ts";
import { createPasswordHasher } from "../src/users/password-hasher.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const STORES = (process.env.BENCH_STORES ?? "sqlite,postgres").split(",");
const PASSWORD = "bench password 1";
const UNLIMITED = { REFRESH_MAX_FAILURES_PER_ADDRESS: "1000000", LOGIN_MAX_PER_ADDRESS: "1000000", LOGIN_MAX_PER_ACCOUNT: "1000000", JWT_MAX_SESSIONS: "10000", REGISTER_MAX_PER_ADDRESS: "1000000" };
const secret = "a-bench-secret-of-at-least-32-bytes!!";

async function measure(label: string, databaseUrl: string): Promise<void> {
  const config = loadConfig({ JWT_SECRET_KEY: secret, DATABASE_URL: databaseUrl, ...UNLIMITED });
  const stores = await openStores(config, systemClock);
  const app = createApp(config, { clock: systemClock, passwords: createPasswordHasher(), ...stores, audit: () => {}, logError: () => {} });
  (app as { server: unknown }).server = { requestIP: () => ({ address: "127.0.0.1" }) };
  const post = (path: string, json: unknown, token?: string) =>
    app.handle(
      new Request(`http://localhost${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(json),
      }),
    );
  try {
    const username = `refresh${crypto.randomUUID().slice(0, 8)}`;
    if ((await post("/auth/register", { username, password: PASSWORD })).status !== 201) throw new Error("register failed");
    const login = async () => ((await (await post("/auth/login", { username, password: PASSWORD })).json()) as { refresh_token: string }).refresh_token;
    for (const chains of [1, 16]) {
      const tokens: string[] = [];
      for (let chain = 0; chain < chains; chain++) tokens.push(await login());
      let rotated = 0;
      let errors = 0;
      // Warm-up, then the measured run.
      for (const seconds of [1, SECONDS]) {
        rotated = 0;
        const until = performance.now() + seconds * 1000;
        const started = performance.now();
        const cpuBefore = process.cpuUsage();
        await Promise.all(
          tokens.map(async (_, chain) => {
            while (performance.now() < until) {
              const answer = await post("/auth/refresh", {}, tokens[chain]);
              if (answer.status !== 200) {
                if (errors++ === 0) console.log(`  first error: ${answer.status} ${await answer.text()}`);
                return;
              }
              tokens[chain] = ((await answer.json()) as { refresh_token: string }).refresh_token;
              rotated++;
            }
          }),
        );
        if (seconds === SECONDS) {
          const cpu = process.cpuUsage(cpuBefore);
          const elapsed = (performance.now() - started) / 1000;
          console.log(
            `${label}, ${String(chains).padStart(2)} chain(s): ${(rotated / elapsed).toFixed(0).padStart(5)} rotations/s, ` +
              `${((cpu.user + cpu.system) / rotated).toFixed(0)} µs CPU of this process per rotation, ${errors} errors`,
          );
        }
      }
    }
  } finally {
    await stores.close();
  }
}

for (const store of STORES) {
  if (store === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "jot-refresh-"));
    try {
      await measure("SQLite file", `sqlite://${join(dir, "jot.sqlite")}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else if (store === "postgres") {
    const database = await createPostgresDatabase();
    try {
      await measure("Postgres alone", database.url);
    } finally {
      await database.drop();
    }
  }
}
