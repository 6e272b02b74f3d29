import { lockSqliteFile, migrate, MIGRATIONS, openDatabase } from "@jot/stores";
import type { CliCommand } from "../cli-command.ts";
import { CliFailure } from "../cli-errors.ts";

/** `jot migrate`: the versioned schema migrations the server also runs at start. */
export const migrateCommands: CliCommand[] = [
  {
    group: "migrate",
    name: "",
    summary: "bring the database schema to the newest version (the server does this at start too)",
    usage: "",
    args: 0,
    destructive: true,
    async run(_args, context) {
      let db;
      try {
        db = openDatabase(context.config().databaseUrl);
      } catch (error) {
        throw new CliFailure(`DATABASE_URL: cannot open the database (${error instanceof Error ? error.message : String(error)})`);
      }
      try {
        try {
          await lockSqliteFile(db);
        } catch {
          throw new CliFailure("DATABASE_URL: the SQLite file is in use by a running jot server, which migrates it at start");
        }
        const applied = await migrate(db);
        const version = MIGRATIONS.at(-1)!.version;
        return { data: { applied, version }, text: `applied ${applied} migration${applied === 1 ? "" : "s"}; the schema is at version ${version}` };
      } finally {
        await db.sql.close();
      }
    },
  },
];
