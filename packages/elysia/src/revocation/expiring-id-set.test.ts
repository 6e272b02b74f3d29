import { describe, expect, test } from "bun:test";
import { ExpiringIdSet } from "./expiring-id-set.ts";

describe("the compact set of revoked ids", () => {
  test("holds every id added, across growth, and no other", () => {
    const set = new ExpiringIdSet();
    const ids = Array.from({ length: 50_000 }, () => crypto.randomUUID());
    for (const id of ids) set.add(id, 2_000_000_000);
    expect(set.size).toBe(ids.length);
    expect(ids.every((id) => set.has(id))).toBe(true);
    const others = Array.from({ length: 50_000 }, () => crypto.randomUUID());
    expect(others.filter((id) => set.has(id))).toEqual([]);
  });

  test("an id added again keeps the later time, and is counted once", () => {
    const set = new ExpiringIdSet();
    set.add("jti-1", 200);
    set.add("jti-1", 100);
    expect(set.size).toBe(1);
    expect(set.prune(150)).toBe(0);
    expect(set.has("jti-1")).toBe(true);
    expect(set.prune(200)).toBe(1);
    expect(set.has("jti-1")).toBe(false);
  });

  test("pruning drops exactly the entries whose time has passed, and the table shrinks back", () => {
    const set = new ExpiringIdSet();
    const ids = Array.from({ length: 20_000 }, (_, index) => `id-${index}`);
    ids.forEach((id, index) => set.add(id, 1_000 + index));
    expect(set.prune(1_000 + 15_000)).toBe(15_001);
    expect(set.size).toBe(4_999);
    expect(ids.filter((id) => set.has(id))).toEqual(ids.slice(15_001));
    expect(set.prune(Number.MAX_SAFE_INTEGER)).toBe(4_999);
    expect(set.size).toBe(0);
    set.add("again", 5);
    expect(set.has("again")).toBe(true);
  });

  test("a time already passed (0 or less) is not kept; clear forgets everything", () => {
    const set = new ExpiringIdSet();
    set.add("old", 0);
    set.add("bad", Number.NaN);
    expect(set.size).toBe(0);
    set.add("live", 10);
    set.clear();
    expect(set.has("live")).toBe(false);
    expect(set.size).toBe(0);
  });
});
