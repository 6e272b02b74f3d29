import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { migrate, openDatabase, SqlPasskeyStore } from "@jot/stores";
import { jotCommand } from "../../test/run-jot.ts";
import { TEST_SECRET } from "../../test/test-app.ts";

const dir = mkdtempSync(join(tmpdir(), "jot-cli-passkeys-"));
const env = { DATABASE_URL: `sqlite://${dir}/jot.sqlite`, JWT_SECRET_KEY: TEST_SECRET };
const jot = jotCommand(env);
const ADDED = Date.UTC(2026, 0, 2);
const FLAGGED = Date.UTC(2026, 0, 3);
let userId: string;

/** A passkey written straight into the database, as the server stores one. */
async function storePasskey(id: string, flaggedAt: number | null): Promise<void> {
  const db = openDatabase(env.DATABASE_URL);
  await migrate(db);
  await new SqlPasskeyStore(db.sql).add({
    id, userId, name: `Key ${id}`, publicKey: new Uint8Array([1, 2, 3]), counter: 4, transports: ["internal"],
    deviceType: "multiDevice", backedUp: true, createdAt: ADDED, lastUsedAt: null, flaggedAt,
  });
  await db.sql.close();
}

beforeAll(async () => {
  const added = await jot(["users", "add", "pk_dora", "--password-stdin", "--json"], { stdin: "long enough password" });
  userId = added.json<{ user: { id: string } }>().user.id;
  await storePasskey("AAAA", null);
  await storePasskey("BBBB", FLAGGED);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("jot users passkeys", () => {
  test("lists a user's passkeys, the flagged one marked, and writes no audit event", async () => {
    const listed = await jot(["users", "passkeys", "pk_dora", "--json"]);
    expect({ code: listed.code, stderr: listed.stderr }).toEqual({ code: 0, stderr: "" });
    const passkey = { user_id: userId, created_at: new Date(ADDED).toISOString(), last_used_at: null, device_type: "multiDevice", backed_up: true };
    expect(listed.json()).toEqual({
      passkeys: [
        { ...passkey, id: "AAAA", name: "Key AAAA", flagged_at: null },
        { ...passkey, id: "BBBB", name: "Key BBBB", flagged_at: new Date(FLAGGED).toISOString() },
      ],
    });
    const text = await jot(["users", "passkeys", "pk_dora"]);
    expect(text.stdout.split("\n")[1]).toBe(`BBBB  "Key BBBB"  multiDevice, backed up  added ${new Date(ADDED).toISOString()}  last used never  FLAGGED ${new Date(FLAGGED).toISOString()} (signature counter went backwards)`);
  }, 60_000);

  test("remove takes one passkey away, audited as the operating-system user; another user's or an unknown id is not found", async () => {
    const wrong = await jot(["users", "passkeys", "remove", "pk_dora", "CCCC"]);
    expect({ code: wrong.code, stderr: wrong.stderr }).toEqual({ code: 1, stderr: "jot: not_found: No passkey CCCC of pk_dora\n" });
    const removed = await jot(["users", "passkeys", "remove", "pk_dora", "BBBB", "--json"]);
    expect(removed.code).toBe(0);
    expect(removed.json()).toMatchObject({ passkey: { id: "BBBB", user_id: userId } });
    expect(JSON.parse(removed.stderr)).toMatchObject({ event: "admin_action", action: "users passkeys remove", actor_id: `cli:${userInfo().username}`, user_id: userId });
    expect((await jot(["users", "passkeys", "pk_dora", "--json"])).json<{ passkeys: Array<{ id: string }> }>().passkeys.map(({ id }) => id)).toEqual(["AAAA"]);
  }, 60_000);

  test("on a production database, removing needs --yes; listing does not; two arguments are a usage error", async () => {
    const production = jotCommand({ ...env, NODE_ENV: "production", AUTH_REGISTRATION: "closed" });
    expect((await production(["users", "passkeys", "pk_dora", "--json"])).code).toBe(0);
    const refused = await production(["users", "passkeys", "remove", "pk_dora", "AAAA"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toStartWith("jot: users passkeys changes a production database (NODE_ENV=production): run it again with --yes");
    const usage = await jot(["users", "passkeys", "remove", "pk_dora"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toStartWith("jot: expected <user>, or remove <user> <passkey-id>");
  }, 60_000);
});
