/**
 * The better-auth rows time nothing until its peer server refuses tampered credentials, takes
 * minted ones, and users written into its tables behave as signed-up ones: these prove the
 * checks pass on the real setup and fail where a credential or a written row is wrong.
 */
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkCredential } from "../check-credentials.ts";
import { startServer, type BenchServer } from "../servers.ts";
import { BETTER_AUTH_DATABASE_FILE } from "./auth.ts";
import { checkWrittenUsersBehaveAlike } from "./equivalence.ts";
import { makeBetterAuthUsers, type BetterAuthUsers } from "./users.ts";

const secret = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
let dataDir: string;
let users: BetterAuthUsers;
let peer: BenchServer;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "jot-better-auth-peer-test-"));
  users = await makeBetterAuthUsers({ dataDir, secret, fewCount: 2, manyCount: 4, signUps: 2 });
  peer = await startServer({ kind: "better-auth", cpu: 0, dataDir, env: { BETTER_AUTH_SECRET: secret } });
}, 60_000);

afterAll(async () => {
  await peer?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the better-auth peer's checks", () => {
  test("users written into its tables answer its routes exactly as signed-up ones", async () => {
    expect(users.signedUp).toBe(2);
    expect(users.inserted).toBe(2);
    expect((await Bun.file(users.sessions.many).text()).trim().split("\n")).toHaveLength(4);
    await checkWrittenUsersBehaveAlike(peer.url, users);
  });

  test("its session route and its JWT route refuse a tampered credential and take every minted one", async () => {
    const sessions = (await Bun.file(users.sessions.many).text()).trim().split("\n");
    const jwts = (await Bun.file(users.jwts.many).text()).trim().split("\n");
    for (const session of sessions) await checkCredential("session", `${peer.url}/protected`, session);
    for (const jwt of jwts) await checkCredential("JWT", `${peer.url}/protected-jwt`, jwt);
  });

  test("a server that takes a tampered credential fails the check", async () => {
    const lenient = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("{}") });
    try {
      await expect(checkCredential("lenient", `http://127.0.0.1:${lenient.port}/protected`, users.samples.signedUp.jwt)).rejects.toThrow(/tampered credential was answered 200/);
    } finally {
      lenient.stop(true);
    }
  });

  test("a written user whose rows differ from a signed-up one's is caught", async () => {
    const written = users.samples.inserted!;
    const db = new Database(join(dataDir, BETTER_AUTH_DATABASE_FILE));
    const account = db.query(`select a.id, a.password from account a join user u on u.id = a.userId where u.email = ?`).get(written.email) as { id: string; password: string };
    try {
      db.run(`update account set password = ? where id = ?`, [`${"0".repeat(32)}:${"0".repeat(128)}`, account.id]);
      await expect(checkWrittenUsersBehaveAlike(peer.url, users)).rejects.toThrow(/sign-in 401/);
    } finally {
      db.run(`update account set password = ? where id = ?`, [account.password, account.id]);
      db.close();
    }
  });
});
