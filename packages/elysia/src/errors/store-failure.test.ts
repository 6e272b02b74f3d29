import { beforeEach, describe, expect, spyOn, test } from "bun:test";
import { SQL } from "bun";
import { JotError } from "./jot-error.ts";
import { jsonLinesErrorLog } from "../logging/error-log.ts";
import { orUnavailable, StoreFailure } from "./store-failure.ts";

let lines: string[];
beforeEach(() => void (lines = []));
const logError = jsonLinesErrorLog((line) => void lines.push(line));

/** Runs `operation` through orUnavailable, reports what it threw as the app does, and answers the error and the one log line. */
async function fail(store: string, operation: string, run: () => Promise<unknown>) {
  const thrown = await orUnavailable(store, operation, run).then(
    () => undefined,
    (error: unknown) => error,
  );
  logError("store_error", thrown);
  expect(lines).toHaveLength(1);
  return { thrown, line: JSON.parse(lines[0]!) as Record<string, unknown> };
}

describe("store_error log lines", () => {
  test("name the store, the operation and the driver's code and message, with a time like every log line", async () => {
    const sql = new SQL("sqlite://:memory:");
    const { thrown, line } = await fail("database", "sessions.find", () => sql`select * from sessions_gone`);
    expect(thrown).toBeInstanceOf(JotError);
    expect((thrown as JotError).code).toBe("store_unavailable");
    expect(line).toEqual({
      time: expect.any(String),
      level: "error",
      event: "store_error",
      store: "database",
      operation: "sessions.find",
      error: "SQLiteError",
      code: "SQLITE_ERROR",
      message: "no such table: sessions_gone",
    });
    expect(new Date(line.time as string).toISOString()).toBe(line.time as string);
    await sql.close();
  });

  test("never carry the password of a database URL", async () => {
    const sql = new SQL("postgres://jot:hunter2-secret@127.0.0.1:1/jot", { max: 1, connectionTimeout: 2 });
    const { line } = await fail("database", "users.findById", () => sql`select 1`);
    expect(line).toMatchObject({ event: "store_error", store: "database", operation: "users.findById", error: "PostgresError", code: "ERR_POSTGRES_CONNECTION_REFUSED" });
    expect(lines[0]).not.toContain("hunter2");
    await sql.close();
  });

  test("replace a URL's password and a quoted value in a message", async () => {
    const { line } = await fail("Redis server", "counters.command", async () => {
      throw Object.assign(new Error('cannot reach redis://jot:hunter2@cache:6379 for key: "alice"'), { code: "ERR_REDIS_CONNECTION_CLOSED" });
    });
    expect(line.message).toBe('cannot reach redis://jot:***@cache:6379 for key: "…"');
    expect(line.code).toBe("ERR_REDIS_CONNECTION_CLOSED");
  });

  test("a store's own refusal passes through as it is, not as a store failure", async () => {
    const refusal = new JotError("store_unavailable", "The revocation store is closed");
    await expect(orUnavailable("revocation store", "revocations.write", () => Promise.reject(refusal))).rejects.toBe(refusal);
    expect(refusal).not.toBeInstanceOf(StoreFailure);
    expect(lines).toEqual([]);
  });

  test("orUnavailable prints nothing itself", async () => {
    const printed: unknown[] = [];
    const spies = (["log", "warn", "error"] as const).map((level) => spyOn(console, level).mockImplementation((...args) => void printed.push(args)));
    try {
      const thrown = await orUnavailable("database", "users.findById", () => Promise.reject(new Error("gone"))).catch((error: unknown) => error);
      expect(thrown).toBeInstanceOf(StoreFailure);
      expect(printed).toEqual([]);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
