import type { RedisClient } from "bun";
import type { MemoryRevocationStore } from "@jot/elysia/server";
import type { RedisRevocationLayout } from "./redis-revocation-codec.ts";
import { applyEntry } from "./revocation-entry.ts";
import { withTimeout } from "./timeout.ts";

/** Keys asked for per SCAN step: large enough for few round trips, small enough not to stall Redis. */
const SCAN_COUNT = 1000;

/**
 * Copies every entry Redis holds under the layout's prefix into `memory` (SCAN, then MGET per
 * page), answering how many were applied. Applying on top of what memory already knows is safe:
 * entries only ever grow, and one applied twice changes nothing. Each command has `timeoutMs`.
 */
export async function loadSnapshot(
  client: RedisClient,
  layout: RedisRevocationLayout,
  memory: MemoryRevocationStore,
  timeoutMs: number,
): Promise<number> {
  let applied = 0;
  let cursor = "0";
  do {
    const [next, keys] = await withTimeout(client.scan(cursor, "MATCH", layout.scanPattern, "COUNT", SCAN_COUNT), timeoutMs, "SCAN");
    cursor = next;
    if (keys.length === 0) continue;
    const values: Array<string | null> = await withTimeout(client.send("MGET", keys), timeoutMs, "MGET");
    keys.forEach((key, index) => {
      const named = layout.parseKey(key);
      const value = values[index];
      // A key gone between SCAN and MGET has expired; one we cannot read is not ours to guess at.
      if (named && typeof value === "string" && applyEntry(memory, { ...named, value })) applied++;
    });
  } while (cursor !== "0");
  return applied;
}
