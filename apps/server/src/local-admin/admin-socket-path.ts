import { join, parse } from "node:path";
import { sqliteDataDir } from "@jot/stores";

/**
 * The admin socket of the server on `databaseUrl`: in the data folder, named after the SQLite file
 * (`sqlite://data/jot.sqlite` → `data/jot.sock`), so each database has its own. None for Postgres,
 * whose servers the admin command reaches through the shared database, nor for an in-memory one.
 * The one place the server and the admin command both find it.
 */
export function adminSocketPath(databaseUrl: string): string | undefined {
  const folder = sqliteDataDir(databaseUrl);
  if (folder === undefined) return undefined;
  return join(folder, `${parse(databaseUrl).name}.sock`);
}
