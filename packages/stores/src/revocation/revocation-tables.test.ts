import { afterAll, expect, test } from "bun:test";
import { migrate } from "../db/migrations.ts";
import { openDatabase } from "../db/open-database.ts";
import { REVOCATION_TABLES } from "./revocation-tables.ts";

const db = openDatabase("sqlite://:memory:");
afterAll(() => db.sql.close());

test("each revocation table named for the code is one the migrations create, with its id and expiry columns", async () => {
  await migrate(db);
  for (const { table, id } of Object.values(REVOCATION_TABLES)) {
    const columns: Array<{ name: string; pk: number }> = await db.sql`select name, pk from pragma_table_info(${table})`;
    expect({ table, columns: columns.filter((column) => column.name === id || column.name === "expires_at") }).toEqual({
      table,
      columns: expect.arrayContaining([
        { name: id, pk: 1 },
        { name: "expires_at", pk: 0 },
      ]),
    });
  }
});
