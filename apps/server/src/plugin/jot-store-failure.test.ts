import { expect, spyOn, test } from "bun:test";
import { Elysia } from "elysia";
import { outcome } from "../../test/test-app.ts";
import { migrate, openDatabase, SqlRevocationStore } from "@jot/stores";
import { jot, StoreFailure } from "@jot/elysia/server";

test("a revocation store that cannot be reached is 503 store_unavailable, reported once to the app's logError and printed nowhere", async () => {
  const db = openDatabase("sqlite://:memory:");
  await migrate(db);
  const reported: Array<{ event: string; error: unknown }> = [];
  const auth = jot({
    secret: "an-app-secret-of-at-least-32-bytes!",
    stores: { revocations: new SqlRevocationStore(db.sql) },
    logError: (event, error) => void reported.push({ event, error }),
  });
  let handlerRan = false;
  const app = new Elysia().use(auth).get("/protected", () => void (handlerRan = true), { auth: true });
  const token = await auth.createAccessToken("nate");
  await db.sql.close();

  const printed = (["log", "warn", "error"] as const).map((level) => spyOn(console, level).mockImplementation(() => undefined));
  let response: Response;
  try {
    response = await app.handle(new Request("http://localhost/protected", { headers: { authorization: `Bearer ${token}` } }));
    for (const spy of printed) expect(spy).not.toHaveBeenCalled();
  } finally {
    for (const spy of printed) spy.mockRestore();
  }
  expect(await outcome(response)).toEqual({ status: 503, body: { error: "store_unavailable", msg: "The database could not be reached" }, challenge: null });
  expect(handlerRan).toBe(false);
  expect(reported).toHaveLength(1);
  expect(reported[0]!.event).toBe("store_error");
  expect(reported[0]!.error).toBeInstanceOf(StoreFailure);
  expect((reported[0]!.error as StoreFailure).operation).toBe("revocations.isRevoked");
});
