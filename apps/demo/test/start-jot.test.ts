import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startJot, type JotProcess } from "../scripts/start-jot.ts";

// `bun run demo` starts jot as a user does: `bun run start` with the server's own defaults.

let jot: JotProcess;
beforeAll(async () => void (jot = await startJot(0, {})), 20_000);
afterAll(() => jot?.stop());

const register = (username: string) =>
  fetch(`${jot.url}/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: "correct horse battery" }),
  });

describe("the demo's jot server", () => {
  test("answers /health", async () => {
    const response = await fetch(`${jot.url}/health`);
    expect({ status: response.status, body: await response.json() }).toEqual({ status: 200, body: { status: "ok", stores: { database: "ok" } } });
  });

  test("keeps the default per-address limits: the 21st registration from one address is 429", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await register(`demo-${i}-${crypto.randomUUID().slice(0, 8)}`)).status);
    expect(statuses).toEqual([...Array(20).fill(201), 429]);
  }, 30_000);
});
