import { describe, expect, test } from "bun:test";
import type { SessionRecord } from "@jot/elysia/server";
import { sessionSummaryOf } from "./session-summary.ts";

const record: SessionRecord = {
  id: "0190b3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b",
  userId: "user-1",
  createdAt: Date.UTC(2026, 0, 2, 3, 4, 5),
  lastUsedAt: Date.UTC(2026, 0, 3, 4, 5, 6, 789),
  userAgent: "curl/8",
  roles: ["admin"],
  additionalClaims: { tenant: "a" },
  current: { jti: "jti-1", iat: 1, exp: 2 },
  previousJti: "jti-0",
  rotatedAt: 1,
  expiresAt: 3,
  revokedAt: null,
};

describe("the summary of a session", () => {
  test("shows its id, ISO 8601 times and user agent, and nothing of its tokens", () => {
    expect(sessionSummaryOf(record)).toEqual({
      id: record.id,
      created_at: "2026-01-02T03:04:05.000Z",
      last_used_at: "2026-01-03T04:05:06.789Z",
      user_agent: "curl/8",
    });
  });

  test("a session begun without a user agent shows null", () => {
    expect(sessionSummaryOf({ ...record, userAgent: null }).user_agent).toBeNull();
  });
});
