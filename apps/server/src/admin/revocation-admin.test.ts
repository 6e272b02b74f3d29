import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, type TestApp } from "../../test/test-app.ts";
import { RevocationAdmin } from "./revocation-admin.ts";

let t: TestApp;
beforeAll(async () => void (t = await createTestApp()));
afterAll(() => t.close());

describe("revocation stats and prune", () => {
  test("prune deletes only what expired, in batches, reporting progress up to the total", async () => {
    const now = t.clock() / 1000;
    for (let index = 0; index < 1200; index++) await t.stores.revocations.revokeToken(`old-${index}`, now - 10);
    await t.stores.revocations.revokeToken("live", now + 600);
    await t.stores.revocations.revokeSession("live-session", now + 600);
    const admin = new RevocationAdmin(t.stores.database.sql);
    expect((await admin.stats(now)).tokens).toEqual({ live: 1, expired: 1200 });

    const reports: Array<[number, number]> = [];
    const deleted = await admin.prune(now, (done, total) => reports.push([done, total]));

    expect(deleted).toBe(1200);
    expect(reports[0]).toEqual([0, 1200]);
    expect(reports.at(-1)).toEqual([1200, 1200]);
    // More than one batch, each a step forward.
    expect(reports.length).toBeGreaterThan(2);
    expect(reports.every(([done], index) => index === 0 || done > reports[index - 1]![0])).toBe(true);
    const after = await admin.stats(now);
    expect({ tokens: after.tokens, sessions: after.sessions }).toEqual({ tokens: { live: 1, expired: 0 }, sessions: { live: 1, expired: 0 } });
    expect(t.stores.revocations.isRevoked({ jti: "live", sub: "someone" })).toBe(true);
  });
});
