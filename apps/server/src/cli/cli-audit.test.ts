import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { jotCommand } from "../../test/run-jot.ts";
import { createPostgresDatabase, describeWith, pingPostgres, probeService, type Service } from "@jot/testing";
import { TEST_SECRET } from "../../test/test-app.ts";

// A change the command makes on the database itself is an audit event, as one made through the
// admin API is: the same `admin_action` line, on stderr (stdout carries the command's answer).

const postgres = await probeService("Postgres", pingPostgres);
/** Each run opens the stores anew: generous on a busy machine, never asserted as a time. */
const SLOW_MS = 60_000;

interface Engine {
  name: string;
  services: Service[];
  open(): Promise<{ env: Record<string, string>; drop(): Promise<void> }>;
}

const ENGINES: Engine[] = [
  {
    name: "SQLite",
    services: [],
    async open() {
      const dir = mkdtempSync(join(tmpdir(), "jot-cli-audit-"));
      return { env: { DATABASE_URL: `sqlite://${dir}/jot.sqlite`, JWT_SECRET_KEY: TEST_SECRET }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: "Postgres",
    services: [postgres],
    async open() {
      const database = await createPostgresDatabase();
      return { env: { DATABASE_URL: database.url, JWT_SECRET_KEY: TEST_SECRET }, drop: () => database.drop() };
    },
  },
];

/** The JSON lines of a run's stderr. */
const eventsOf = (stderr: string) => stderr.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line) as Record<string, unknown>);

for (const engine of ENGINES) {
  describeWith(engine.services, `the admin command on ${engine.name}`, () => {
    let jot: ReturnType<typeof jotCommand>;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const opened = await engine.open();
      jot = jotCommand(opened.env);
      drop = opened.drop;
    }, SLOW_MS);
    afterAll(() => drop?.());

    test("writes each change as an admin_action event naming the action, the operating-system user and the user changed; reading writes none", async () => {
      const actor = `cli:${userInfo().username}`;
      const added = await jot(["users", "add", "audit_carol", "--password-stdin", "--json"], { stdin: "long enough password" });
      const carol = added.json<{ user: { id: string } }>().user.id;
      const runs = [
        added,
        await jot(["roles", "grant", "audit_carol", "editor"]),
        await jot(["roles", "revoke", "audit_carol", "editor", "--end-sessions"]),
        await jot(["users", "disable", "audit_carol"]),
        await jot(["users", "enable", carol]),
        await jot(["users", "mfa", "reset", "audit_carol"]),
        await jot(["sessions", "end-all", "audit_carol"]),
        await jot(["revocations", "prune"]),
      ];
      for (const args of [["users", "list"], ["users", "show", carol], ["sessions", "list", "audit_carol"], ["revocations", "stats"]]) {
        const run = await jot(args);
        expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: "" });
      }
      runs.push(await jot(["users", "delete", "audit_carol"]));

      const expected = [
        ["users add", carol],
        ["roles grant", carol],
        ["roles revoke", carol],
        ["users disable", carol],
        ["users enable", carol],
        ["users mfa reset", carol],
        ["sessions end-all", carol],
        ["revocations prune", undefined],
        ["users delete", carol],
      ] as const;
      expect(runs).toHaveLength(expected.length);
      runs.forEach((run, index) => {
        const [action, userId] = expected[index]!;
        expect({ action, code: run.code, events: eventsOf(run.stderr) }).toEqual({
          action,
          code: 0,
          events: [
            {
              time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
              level: "info",
              event: "admin_action",
              request_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
              action,
              actor_id: actor,
              ...(userId === undefined ? {} : { user_id: userId }),
            },
          ],
        });
      });
    }, SLOW_MS);

    test("a refused change writes no event", async () => {
      const run = await jot(["users", "disable", "audit_nobody"]);
      expect(run).toMatchObject({ code: 1, stderr: 'jot: not_found: No user named "audit_nobody"\n' });
    }, SLOW_MS);
  });
}
