import { RedisClient } from "bun";

/** Calls `page` with each SCAN page of the keys under `prefix` at `url`. */
async function scanPrefix(url: string, prefix: string, page: (client: RedisClient, keys: string[]) => Promise<void>): Promise<void> {
  const client = new RedisClient(url, { autoReconnect: false, enableOfflineQueue: false, connectionTimeout: 1000 });
  try {
    await client.connect();
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `${prefix.replace(/[*?[\]\\]/g, "\\$&")}*`, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await page(client, keys);
    } while (cursor !== "0");
  } finally {
    client.close();
  }
}

/** Deletes every key under `prefix`; answers how many there were. */
export async function deleteRedisKeys(url: string, prefix: string): Promise<number> {
  let deleted = 0;
  await scanPrefix(url, prefix, async (client, keys) => void (deleted += Number(await client.send("DEL", keys))));
  return deleted;
}

/** How many keys exist under `prefix`. */
export async function countRedisKeys(url: string, prefix: string): Promise<number> {
  let count = 0;
  await scanPrefix(url, prefix, async (_client, keys) => void (count += keys.length));
  return count;
}
